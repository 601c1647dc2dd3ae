using System.Globalization;
using System.Text;

namespace CredibilityApi.Text;

/// <summary>
/// The one folding function behind every match and index. Stored text is never folded; only
/// the copies used for matching are. Folding removes what writers vary without changing meaning:
/// Latin case and accents; Arabic tashkeel, tatweel, hamza seats and alef forms, ى/ي and ة/ه;
/// bidi controls and zero-width marks.
/// </summary>
public static class TextFold
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Decomposing first turns accents and hamza/madda marks into separate combining marks.
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (IsDropped(c))
            {
                continue;
            }
            folded.Append(Map(c));
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsDropped(char c) =>
        c switch
        {
            '\u0640' => true,                          // tatweel
            >= '\u064B' and <= '\u065F' => true,       // tashkeel, hamza above/below
            '\u0670' => true,                          // superscript alef
            >= '\u06D6' and <= '\u06ED' => true,       // Quranic annotation marks
            '\u061C' or '\u200E' or '\u200F' => true,  // bidi marks
            >= '\u202A' and <= '\u202E' => true,       // bidi embeddings and overrides
            >= '\u2066' and <= '\u2069' => true,       // bidi isolates
            '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => true, // zero-width
            _ => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark,
        };

    private static char Map(char c) =>
        c switch
        {
            '\u0671' => '\u0627',            // alef wasla → alef (أ إ آ decompose to alef + mark)
            '\u0649' or '\u06CC' => '\u064A', // alef maqsura, Farsi yeh → yeh
            '\u0629' => '\u0647',            // teh marbuta → heh
            '\u06A9' => '\u0643',            // keheh → kaf
            _ => char.ToLowerInvariant(c),
        };
}
