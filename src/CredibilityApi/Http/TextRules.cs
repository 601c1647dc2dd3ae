using System.Buffers;
using System.Globalization;
using System.Text;
using CredibilityApi.Text;

namespace CredibilityApi.Http;

/// <summary>How the characters of a text field are judged.</summary>
public enum TextKind
{
    /// <summary>Claim text, titles, bodies, explanations, notes: text as real pages give it.</summary>
    Prose,

    /// <summary>Names and identifiers (source names, aliases, reviewers, subjects, units, labels, key names): one line.</summary>
    Name,

    /// <summary>URLs: no spaces, controls or bidi formatting characters at all (they are percent-encoded).</summary>
    Url,
}

/// <summary>
/// The character rules every text the API stores is held to, the ClaimReview import's included. Prose takes tab,
/// line breaks, C1 controls (U+0080–U+009F, left by mis-decoded pages), bidi marks (U+200E, U+200F, U+061C),
/// embeddings (U+202A–U+202C) and isolates (U+2066–U+2069). Names take marks, embeddings and isolates too but no
/// control character at all. Nothing takes another C0 control, DEL, half a surrogate pair or a bidi override
/// (U+202D, U+202E: it makes text display in another order than it is stored, which a fact-checking record must not).
/// A refusal names the first refused character's code point and its position in UTF-16 code units from 0.
/// </summary>
public static class TextRules
{
    public const string BlankMessage =
        "must not be blank: it shows nothing once bidi marks, zero-width characters, tatweel and diacritics are set aside.";

    public const string NoLetterMessage =
        "must contain a letter or digit: bidi marks, zero-width characters, tatweel, diacritics and fillers alone show nothing.";

    /// <summary>The first character <paramref name="text"/> may not hold as <paramref name="kind"/>, or null when it may hold them all.</summary>
    public static RefusedCharacter? Find(string text, TextKind kind)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Why(text, i, kind) is { } why)
            {
                return new RefusedCharacter(text[i], i, why);
            }
        }
        return null;
    }

    /// <summary>The validation message for the first refused character of <paramref name="text"/>, or null when there is none.</summary>
    public static string? Refusal(string text, TextKind kind) =>
        Find(text, kind) is { } found ? $"must not contain {found}." : null;

    /// <summary>Whether <paramref name="text"/> shows anything once folded: a letter, number, punctuation or symbol.</summary>
    public static bool Shows(string text) =>
        AnyFolded(text, rune => Rune.GetUnicodeCategory(rune) is
            <= UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or >= UnicodeCategory.ConnectorPunctuation and <= UnicodeCategory.OtherSymbol);

    /// <summary>Whether <paramref name="text"/> holds a letter or digit once folded (what makes a name a name).</summary>
    public static bool HasLetterOrDigit(string text) =>
        AnyFolded(text, rune => Rune.IsLetterOrDigit(rune)
            || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber);

    private static string? Why(string text, int i, TextKind kind)
    {
        var c = text[i];
        if (char.IsSurrogate(c))
        {
            var paired = char.IsHighSurrogate(c)
                ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : i > 0 && char.IsHighSurrogate(text[i - 1]);
            return paired ? null : "half a surrogate pair";
        }
        if (c is '\u202D' or '\u202E')
        {
            return "a bidi override, which makes text display in another order than it is stored; embeddings (U+202A–U+202C) and isolates (U+2066–U+2069) are accepted";
        }
        return kind switch
        {
            TextKind.Prose when c is (< ' ' and not ('\t' or '\n' or '\r')) or '\u007F' =>
                "a control character; prose takes tab, line breaks and C1 controls, no other control character",
            TextKind.Name when char.IsControl(c) =>
                "a control character; names and identifiers are one line without control characters",
            TextKind.Url when char.IsControl(c) => "a control character; percent-encode it",
            TextKind.Url when char.IsWhiteSpace(c) => "a space; percent-encode it",
            TextKind.Url when c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') =>
                "a bidi formatting character; percent-encode it",
            _ => null,
        };
    }

    /// <summary>Whether any rune of <paramref name="text"/>, folded as matching folds it, passes <paramref name="test"/>; fillers never do.</summary>
    private static bool AnyFolded(string text, Func<Rune, bool> test)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var used);
            rest = rest[used..];
            if (status != OperationStatus.Done || IsFiller(rune))
            {
                continue;
            }
            foreach (var folded in TextFold.Fold(rune.ToString()).EnumerateRunes())
            {
                if (!IsFiller(folded) && test(folded))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Letters and symbols that show as blank space: the Hangul fillers and the blank Braille pattern.</summary>
    private static bool IsFiller(Rune rune) => rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
}

/// <summary>A character a text may not hold, where it stands (UTF-16 code units from 0) and why.</summary>
public sealed record RefusedCharacter(char Character, int Position, string Reason)
{
    public override string ToString() =>
        $"U+{(int)Character:X4} at position {Position} (counting UTF-16 code units from 0): {Reason}";
}
