using System.Globalization;
using CredibilityApi.Text;

namespace CredibilityApi.Extraction;

internal enum TokenKind
{
    Word,
    Number,
    Punct,
    Quote,
    Newline,
}

/// <summary>
/// A word, number or mark of the body: its text as written, its folded key (<see cref="TextFold"/>) and,
/// for an Arabic word, <see cref="Bare"/>: the key without an attached conjunction (و ف), so "وأضافت"
/// reads as "أضافت".
/// </summary>
internal readonly record struct Token(string Text, string Key, string Bare, int Start, int End, TokenKind Kind)
{
    public bool IsWord => Kind == TokenKind.Word;

    public bool Is(char mark) => Kind is TokenKind.Punct or TokenKind.Quote && Text.Length == 1 && Text[0] == mark;

    public bool IsComma => Is(',') || Is('،');

    public bool IsLatin => Kind == TokenKind.Word && Text[0] < '\u0250';

    public bool IsCapitalised => IsLatin && char.IsUpper(Text[0]);

    /// <summary>Arabic "ال…": a definite noun or adjective (also with a conjunction or preposition before it).</summary>
    public bool IsDefinite => Kind == TokenKind.Word && !IsLatin
        && (Bare.StartsWith("ال", StringComparison.Ordinal) || Bare.StartsWith("لل", StringComparison.Ordinal)
            || Bare.StartsWith("بال", StringComparison.Ordinal));
}

/// <summary>Reads a body into tokens and sentences.</summary>
internal static class Tokenizer
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "sen", "rep", "gov", "prof", "st", "jr", "sr",
        "no", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "inc", "co", "corp", "vs", "adm", "brig", "cmdr",
    };

    public static List<Token> Read(string body)
    {
        var tokens = new List<Token>(body.Length / 5);
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == '\n')
            {
                tokens.Add(Make(body, i, i + 1, TokenKind.Newline));
                i++;
            }
            else if (char.IsWhiteSpace(c) || IsInvisible(c))
            {
                i++;
            }
            else if (char.IsDigit(c))
            {
                var end = i + 1;
                while (end < body.Length && (char.IsDigit(body[end])
                    || (body[end] is ',' or '.' or '٬' or '٫' && end + 1 < body.Length && char.IsDigit(body[end + 1]))))
                {
                    end++;
                }
                tokens.Add(Make(body, i, end, TokenKind.Number));
                i = end;
            }
            else if (IsLetter(c))
            {
                var end = i + 1;
                while (end < body.Length && (IsLetter(body[end]) || char.IsDigit(body[end])
                    || (body[end] is '\'' or '’' or '-' && end + 1 < body.Length && IsLetter(body[end + 1]))))
                {
                    end++;
                }
                tokens.Add(Make(body, i, end, TokenKind.Word));
                i = end;
            }
            else
            {
                var kind = c is '"' or '“' or '”' or '«' or '»' or '„' ? TokenKind.Quote : TokenKind.Punct;
                tokens.Add(Make(body, i, i + 1, kind));
                i++;
            }
        }
        return tokens;
    }

    /// <summary>
    /// Sentences as token ranges [from, to): a line ends one, and so do . ! ? ؟ outside quotes, except
    /// the full stop of an abbreviation ("Gen.", "U.S.").
    /// </summary>
    public static List<(int From, int To)> Sentences(List<Token> tokens)
    {
        var sentences = new List<(int, int)>();
        var from = 0;
        var quoted = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Newline)
            {
                Add(from, i);
                from = i + 1;
                quoted = false;
                continue;
            }
            if (t.Kind == TokenKind.Quote)
            {
                quoted = t.Text is "«" or "“" || (t.Text is "\"" or "„" && !quoted);
                continue;
            }
            if (quoted || !(t.Is('.') || t.Is('!') || t.Is('?') || t.Is('؟')))
            {
                continue;
            }
            if (t.Is('.') && i > 0 && tokens[i - 1] is { IsLatin: true } before
                && (before.Text.Length == 1 || Abbreviations.Contains(before.Key)) && before.End == t.Start)
            {
                continue;
            }
            var end = i + 1;
            if (end < tokens.Count && tokens[end].Kind == TokenKind.Quote && tokens[end].Start == t.End)
            {
                end++;
            }
            Add(from, end);
            from = end;
            i = end - 1;
        }
        Add(from, tokens.Count);
        return sentences;

        void Add(int a, int b)
        {
            if (b > a)
            {
                sentences.Add((a, b));
            }
        }
    }

    private static Token Make(string body, int start, int end, TokenKind kind)
    {
        var text = body[start..end];
        if (kind != TokenKind.Word)
        {
            var key = kind == TokenKind.Number ? Numbers.Western(text) : text;
            return new Token(text, key, key, start, end, kind);
        }
        var folded = TextFold.Fold(text);
        var bare = folded.Length > 3 && folded[0] is 'و' or 'ف' ? folded[1..] : folded;
        return new Token(text, folded, bare, start, end, kind);
    }

    private static bool IsLetter(char c) =>
        char.IsLetter(c) || c == '\u0640'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u061C' or '\uFEFF' or (>= '\u202A' and <= '\u202E')
            or (>= '\u2066' and <= '\u2069');
}
