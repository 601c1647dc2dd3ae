namespace CredibilityApi.Text;

/// <summary>
/// The language of an imported page, from its letters: Arabic script means Arabic (unless Persian
/// letters show it is not); Latin script with English function words means English; anything else is
/// left unknown rather than guessed.
/// </summary>
public static class LanguageGuess
{
    private static readonly HashSet<string> EnglishWords = new(
        // Words no other Latin-script language uses as often ("a", "on", "en" and the like are left out).
        ["the", "of", "and", "to", "in", "is", "that", "for", "said", "with", "as", "was", "by", "it", "from",
         "at", "he", "his", "has", "have", "are", "were", "be", "an", "its", "not", "this", "which", "who", "had"],
        StringComparer.Ordinal);

    /// <summary>"ar", "en" or null: the script with more letters wins; Latin counts as English when at least one word in ten is an English function word.</summary>
    public static string? Of(string text)
    {
        int arabic = 0, persian = 0, latin = 0;
        foreach (var c in text)
        {
            if (c is >= '\u0620' and <= '\u064A' or >= '\u066E' and <= '\u06D3' or >= '\u0750' and <= '\u077F'
                or >= '\u08A0' and <= '\u08FF' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFC')
            {
                arabic++;
                if (c is '\u067E' or '\u0686' or '\u0698' or '\u06AF')
                {
                    persian++;
                }
            }
            else if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '\u00C0' and <= '\u024F')
            {
                latin++;
            }
        }
        if (arabic == 0 && latin == 0)
        {
            return null;
        }
        if (arabic >= latin)
        {
            // پ چ ژ گ are no Arabic letters: such text is Persian or Urdu, which is not guessed here.
            return persian * 100 > arabic ? null : "ar";
        }
        var words = TextFold.Words(text).Select(w => w.Folded).ToList();
        var english = words.Count(EnglishWords.Contains);
        return english * 10 >= words.Count ? "en" : null;
    }
}
