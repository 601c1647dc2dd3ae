using System.Text;

namespace CredibilityApi.Text;

/// <summary>
/// A user's search text, read once: the FTS5 expression that finds it and the snippet that shows
/// where it matched. Every word is required and matches as a prefix of an indexed word; an Arabic
/// word also matches with attached prefixes on or off, so "موسكو" finds "لموسكو" and "بموسكو",
/// and "والحكومة" finds "الحكومة" and "حكومة".
/// </summary>
public sealed class SearchQuery
{
    /// <summary>The marks around a matched word in a snippet.</summary>
    public const string MarkStart = "<mark>";
    public const string MarkEnd = "</mark>";

    private const int MaxWords = 16;
    private const int MinStrippedStem = 3;
    private const int WordsBefore = 6;
    private const int SnippetWords = 30;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> forms;
    private readonly int shortest;
    private readonly int longest;

    private SearchQuery(string match, string tsQuery, HashSet<string> forms)
    {
        Match = match;
        TsQuery = tsQuery;
        this.forms = forms.GetAlternateLookup<ReadOnlySpan<char>>();
        shortest = forms.Min(f => f.Length);
        longest = forms.Max(f => f.Length);
    }

    /// <summary>The FTS5 MATCH expression: one group per word, each group any of the word's forms as a prefix.</summary>
    public string Match { get; }

    /// <summary>The same on PostgreSQL, for to_tsquery('simple', …): one group per word, any form as a prefix (:*).</summary>
    public string TsQuery { get; }

    /// <summary>The query for <paramref name="q"/>, or null when it holds no word at all.</summary>
    public static SearchQuery? Parse(string? q)
    {
        var groups = TextFold.Words(q)
            .Select(w => w.Folded)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxWords)
            .Select(Forms)
            .ToList();
        if (groups.Count == 0)
        {
            return null;
        }
        var match = string.Join(" AND ", groups.Select(g => $"({string.Join(" OR ", g.Select(f => $"\"{f}\"*"))})"));
        // A lexeme in quotes is taken whole; a quote or backslash inside is escaped with a backslash.
        var tsQuery = string.Join(" & ", groups.Select(g => $"({string.Join(" | ", g.Select(f => $"'{f.Replace("\\", "\\\\").Replace("'", "\\'")}':*"))})"));
        return new SearchQuery(match, tsQuery, [.. groups.SelectMany(g => g)]);
    }

    /// <summary>
    /// A passage of the first of <paramref name="texts"/> that contains a match, as stored, with each
    /// matched word between <see cref="MarkStart"/> and <see cref="MarkEnd"/> and "…" where it was cut;
    /// the opening of the first non-empty text when none shows a match (the index folds a few
    /// characters further than words do here).
    /// </summary>
    public string? Snippet(params string?[] texts)
    {
        foreach (var text in texts)
        {
            if (Passage(text, requireHit: true) is { } passage)
            {
                return passage;
            }
        }
        return texts.Select(t => Passage(t, requireHit: false)).FirstOrDefault(p => p is not null);
    }

    private string? Passage(string? text, bool requireHit)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var before = new Queue<Word>();
        var cutBefore = false;
        List<Word>? window = null;
        var cutAfter = false;
        foreach (var word in TextFold.Words(text))
        {
            if (window is not null)
            {
                if (window.Count == SnippetWords)
                {
                    cutAfter = true;
                    break;
                }
                window.Add(word);
            }
            else if (IsHit(word.Folded) || (!requireHit && before.Count == 0))
            {
                window = [.. before, word];
            }
            else
            {
                before.Enqueue(word);
                if (before.Count > WordsBefore)
                {
                    before.Dequeue();
                    cutBefore = true;
                }
            }
        }
        if (window is null)
        {
            return null;
        }

        // Uncut ends keep what precedes the first word and follows the last (quotes, a full stop).
        var snippet = new StringBuilder();
        var at = cutBefore ? window[0].Start : 0;
        snippet.Append(cutBefore ? "…" : "");
        foreach (var word in window)
        {
            snippet.Append(text, at, word.Start - at);
            var hit = IsHit(word.Folded);
            snippet.Append(hit ? MarkStart : "").Append(text, word.Start, word.End - word.Start).Append(hit ? MarkEnd : "");
            at = word.End;
        }
        return (cutAfter ? snippet.Append('…') : snippet.Append(text, at, text.Length - at)).ToString().Trim();
    }

    /// <summary>Whether a folded word starts with one of the forms, as an FTS5 prefix term would match it.</summary>
    private bool IsHit(string word)
    {
        for (var length = shortest; length <= Math.Min(longest, word.Length); length++)
        {
            if (forms.Contains(word.AsSpan(0, length)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The word, its readings without attached prefixes, and each of those with every attached prefix.</summary>
    private static List<string> Forms(string word)
    {
        List<string> stems = [word, .. TextFold.WithoutPrefixes(word, MinStrippedStem).Select(v => v.Stem)];
        var forms = new List<string>();
        foreach (var stem in stems.Distinct(StringComparer.Ordinal))
        {
            forms.Add(stem);
            if (!IsArabicLetter(stem[0]))
            {
                continue;
            }
            var hasArticle = stem.StartsWith("ال", StringComparison.Ordinal);
            foreach (var prefix in TextFold.AttachedPrefixes)
            {
                // A stem that keeps its article takes no second one, nor a bare ل (ل + ال is written
                // لل, which the stem without its article provides); every such prefix ends in ل.
                if (!hasArticle || prefix[^1] != 'ل')
                {
                    forms.Add(prefix + stem);
                }
            }
        }
        return [.. forms.Distinct(StringComparer.Ordinal)];
    }

    private static bool IsArabicLetter(char c) => c is >= '\u0620' and <= '\u064A' or >= '\u066E' and <= '\u06D3';
}

/// <summary>How searches read and answer, as the OpenAPI document tells it.</summary>
public static class SearchDescriptions
{
    public const string Q =
        "every word required, each matching as a word prefix, folded (case, accents, Arabic diacritics, tatweel, " +
        "alef and hamza forms, ى/ي, ة/ه), Arabic words with or without attached prefixes (و ب ل ف ال). Results come " +
        "best first (SQLite FTS5 bm25), each with a snippet; nextCursor carries the rank, so page with the same q.";

    public const string Snippet =
        "Only in results of a search (q): a passage of the stored text where it matched, plain text, each matched word " +
        "wrapped in <mark>…</mark> and '…' where the passage was cut. Escape the rest before rendering it as HTML.";
}
