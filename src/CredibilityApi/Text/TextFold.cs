using System.Globalization;
using System.Text;

namespace CredibilityApi.Text;

/// <summary>
/// The one folding function behind every match and index. Stored text is never folded; only
/// the copies used for matching are. Folding removes what writers vary without changing meaning:
/// Latin case and accents; Arabic tashkeel, tatweel, hamza seats and alef forms, ى/ي and ة/ه;
/// bidi controls and zero-width marks. <see cref="Words"/> reads a text as folded words that
/// remember where they stand in the original, and <see cref="WithoutPrefixes"/> takes the
/// attached Arabic prefixes off a word's front.
/// </summary>
public static class TextFold
{
    /// <summary>
    /// The particles Arabic writes onto the front of the next word: a conjunction (و ف), then a
    /// preposition (ب ل), then the article (ال); ل before ال is written لل. Longest first.
    /// </summary>
    public static IReadOnlyList<string> AttachedPrefixes { get; } = BuildAttachedPrefixes();

    // Fold of each single UTF-16 unit, filled on first use: most text elements are one unit.
    private static readonly string?[] SingleUnitFolds = new string?[char.MaxValue + 1];

    /// <summary>
    /// The key two answers or names are compared by: the folded words joined by one space, so case,
    /// accents, Arabic letter forms, punctuation and spacing do not tell them apart ("Al-Qaeda",
    /// "al qaeda"); a text without letters or digits is keyed by its trimmed fold.
    /// </summary>
    public static string Key(string? text)
    {
        var words = string.Join(' ', Words(text).Select(w => w.Folded));
        return words.Length > 0 ? words : Fold(text).Trim();
    }

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

    /// <summary>
    /// The words of <paramref name="text"/>, folded, each with the span of the original it was read
    /// from, so a match found in folded words points back into the text as stored. A word is a run
    /// of letters and numbers (as SQLite's unicode61 tokenizer sees them); everything else separates.
    /// Each text element (a letter with its marks) is folded on its own with <see cref="Fold"/>, so the
    /// words are exactly those of the folded whole text.
    /// </summary>
    public static IEnumerable<Word> Words(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }
        var word = new StringBuilder();
        int start = 0, end = 0;
        var first = true;
        var close = true;
        for (var i = 0; i < text.Length;)
        {
            var length = ElementLength(text, i);
            foreach (var c in FoldElement(text, i, length))
            {
                if (IsWordChar(c))
                {
                    if (word.Length == 0)
                    {
                        start = i;
                    }
                    word.Append(c);
                    end = i + length;
                    continue;
                }
                if (word.Length > 0)
                {
                    yield return new Word(word.ToString(), start, end, !first && close);
                    word.Clear();
                    first = false;
                    close = true;
                }
                close &= IsJoiner(c);
            }
            i += length;
        }
        if (word.Length > 0)
        {
            yield return new Word(word.ToString(), start, end, !first && close);
        }
    }

    /// <summary>
    /// The readings of a folded word with attached prefixes taken off its front ("لوكاله" → "وكاله",
    /// "وبلومبيرغ" → "بلومبيرغ", "للجزيره" → "جزيره" and "الجزيره"), each with how many folded letters
    /// of the word the prefix took. Stems shorter than <paramref name="minStem"/> are not offered.
    /// </summary>
    public static IEnumerable<(string Stem, int PrefixLength)> WithoutPrefixes(string word, int minStem = 2)
    {
        foreach (var prefix in AttachedPrefixes)
        {
            if (word.Length - prefix.Length < minStem || !word.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = word[prefix.Length..];
            yield return (rest, prefix.Length);
            if (prefix.EndsWith("لل", StringComparison.Ordinal))
            {
                // لل is ل + ال with the alef elided: the name may keep its article.
                yield return ("ال" + rest, prefix.Length - 1);
            }
        }
    }

    /// <summary>
    /// The offset in <paramref name="text"/> where the folded letters of <paramref name="word"/> after
    /// the first <paramref name="foldedLetters"/> begin: where a name starts once a prefix is off.
    /// </summary>
    public static int OffsetInWord(string text, Word word, int foldedLetters)
    {
        var seen = 0;
        for (var i = word.Start; i < word.End;)
        {
            var length = ElementLength(text, i);
            foreach (var c in FoldElement(text, i, length))
            {
                if (IsWordChar(c) && seen++ == foldedLetters)
                {
                    return i;
                }
            }
            i += length;
        }
        return word.End;
    }

    /// <summary>
    /// The length of the text element (grapheme cluster) at <paramref name="index"/>. Most text is base
    /// letters one after another: a character followed by an ASCII, Latin or Arabic letter ends there
    /// (unless it is CR, a surrogate or a prepended sign), which spares the full segmentation.
    /// </summary>
    private static int ElementLength(string text, int index)
    {
        var c = text[index];
        if (index + 1 == text.Length)
        {
            return 1;
        }
        var next = text[index + 1];
        var plain = c is not ('\r' or >= '\u0600' and <= '\u0605' or '\u06DD' or '\u070F' or '\u0890' or '\u0891' or '\u08E2' or '\u0D4E')
            && !char.IsSurrogate(c);
        return plain && next is < '\u0300' or >= '\u0621' and <= '\u063A' or >= '\u0641' and <= '\u064A'
            ? 1
            : StringInfo.GetNextTextElementLength(text.AsSpan(index));
    }

    private static string FoldElement(string text, int index, int length)
    {
        if (length != 1)
        {
            return Fold(text.Substring(index, length));
        }
        var c = text[index];
        // A lone surrogate cannot be normalised; it is no part of any word.
        return char.IsSurrogate(c) ? " " : SingleUnitFolds[c] ??= Fold(c.ToString());
    }

    /// <summary>Letters, numbers and private-use characters: the token characters of unicode61.</summary>
    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.PrivateUse;

    /// <summary>What may stand between the words of one name: spaces on a line, hyphens, apostrophes.</summary>
    private static bool IsJoiner(char c) =>
        c is '\t' or '-' or '\u2010' or '\u2011' or '\'' or '\u2019' or '\u02BC'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

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

    private static string[] BuildAttachedPrefixes()
    {
        var prefixes = new List<string>();
        foreach (var conjunction in new[] { "", "و", "ف" })
        {
            foreach (var preposition in new[] { "", "ب", "ل" })
            {
                foreach (var article in new[] { "", "ال" })
                {
                    var prefix = preposition == "ل" && article == "ال"
                        ? conjunction + "لل"
                        : conjunction + preposition + article;
                    if (prefix.Length > 0)
                    {
                        prefixes.Add(prefix);
                    }
                }
            }
        }
        return [.. prefixes.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)];
    }
}

/// <summary>
/// A folded word and the span [<see cref="Start"/>, <see cref="End"/>) of the original text it came
/// from. <see cref="FollowsClosely"/>: only spaces, hyphens or apostrophes on the same line separate it
/// from the word before, so the two can belong to one name.
/// </summary>
public readonly record struct Word(string Folded, int Start, int End, bool FollowsClosely);
