using CredibilityApi.Articles;
using CredibilityApi.Reads;
using CredibilityApi.Sources;
using CredibilityApi.Text;

namespace CredibilityApi.Extraction;

/// <summary>A phrase read as a source: tokens [From, To), the source, and the relays it came through when it points back.</summary>
internal sealed record Phrase(ProposedSource Source, IReadOnlyList<ProposedSource> Outward, int From, int To, IReadOnlyCollection<string> Heads);

/// <summary>
/// Reads a phrase of the body as the source it names: a known source (by the same names, aliases and
/// folding as citations, through <see cref="SourceNameIndex.FindAllMentions"/>), an unnamed one
/// ("مصادر أوروبية دبلوماسية", "a senior official"), a word pointing back ("الموقع", "the agency", "he",
/// "تلك المصادر") or an unknown name, as written.
/// </summary>
internal sealed class SourceReader
{
    private static readonly HashSet<string> Trailing = Lexicon.Set(
        "had", "has", "have", "was", "were", "is", "are", "would", "will", "also", "had", "previously", "then", "قد", "كان", "كانت");

    private readonly string body;
    private readonly List<Token> tokens;
    private readonly SourceMention?[] mentionAt;
    private readonly int[] mentionEnd;

    public SourceReader(string body, List<Token> tokens, IReadOnlyList<SourceMention> mentions, Discourse discourse)
    {
        this.body = body;
        this.tokens = tokens;
        Discourse = discourse;
        mentionAt = new SourceMention?[tokens.Count];
        mentionEnd = new int[tokens.Count];
        var t = 0;
        foreach (var m in mentions)
        {
            while (t < tokens.Count && tokens[t].End <= m.Start)
            {
                t++;
            }
            var end = t;
            while (end < tokens.Count && tokens[end].Start < m.End)
            {
                end++;
            }
            if (t < tokens.Count && end > t)
            {
                mentionAt[t] = m;
                mentionEnd[t] = end;
            }
        }
    }

    public Discourse Discourse { get; }

    /// <summary>The known source named from token <paramref name="i"/>, and the token after its name.</summary>
    public (SourceMention Mention, int End)? MentionAt(int i) =>
        i < mentionAt.Length && mentionAt[i] is { } m ? (m, mentionEnd[i]) : null;

    /// <summary>The head word a token stands for in <paramref name="set"/>, without its article or attached particles.</summary>
    public static string? Head(Token t, HashSet<string> set)
    {
        if (!t.IsWord)
        {
            return null;
        }
        foreach (var candidate in Candidates(t))
        {
            if (set.Contains(candidate))
            {
                return candidate.Length > 4 && candidate.StartsWith("ال", StringComparison.Ordinal) && set.Contains(candidate[2..])
                    ? candidate[2..]
                    : candidate;
            }
        }
        return null;
    }

    public static bool IsSourceHead(Token t) =>
        Head(t, Lexicon.AnonymousHeads) is not null || Head(t, Lexicon.OutletHeads) is not null
        || Head(t, Lexicon.OrganisationHeads) is not null || Head(t, Lexicon.Titles) is not null;

    /// <summary>An Arabic relational adjective (nisba): المصرية، الرسمي، عسكري، دبلوماسية.</summary>
    public static bool IsNisba(Token t) =>
        t.IsWord && !t.IsLatin && t.Key.Length >= 4
        && (t.Key.EndsWith('ي') || t.Key.EndsWith("يه", StringComparison.Ordinal) || t.Key.EndsWith("يين", StringComparison.Ordinal)
            || t.Key.EndsWith("يون", StringComparison.Ordinal));

    /// <summary>The source tokens [from, to) name, or null when they name none.</summary>
    public Phrase? Read(int from, int to)
    {
        (from, to) = Trim(from, to, cutRelative: false);
        if (from >= to)
        {
            return null;
        }
        var first = tokens[from];
        if (to - from == 1 && Lexicon.PointsBack.TryGetValue(first.Key, out var kind))
        {
            var back = kind switch
            {
                "person" => Discourse.ByKind(SourceKind.Person) ?? Discourse.LastClaim,
                "outlet" => Discourse.ByKind(SourceKind.Outlet) ?? Discourse.ByKind(SourceKind.Organization),
                _ => Discourse.LastClaim,
            };
            return back is { } b ? new Phrase(b.Item1, b.Item2, from, to, []) : null;
        }

        // A relative clause naming the source ("جدول الأسعار الذي نشرته وزارة الطاقة"): the source it names.
        for (var i = from + 1; i + 2 < to; i++)
        {
            if (Lexicon.Relatives.Contains(tokens[i].Key) && Read(i + 2, to) is { } inner && inner.Source.Kind != SourceKind.Person
                && !IsSourceHead(first) && MentionAt(from) is null)
            {
                return inner;
            }
        }
        (from, to) = Trim(from, to);
        if (from >= to)
        {
            return null;
        }

        var heads = new List<string>();
        var anonymous = false;
        SourceMention? known = null;
        SourceMention? knownAnonymous = null;
        var latin = first.IsLatin;
        var content = 0;
        for (var i = from; i < to; i++)
        {
            var t = tokens[i];
            if (MentionAt(i) is { } m)
            {
                if (m.Mention.Source.Kind == SourceKind.Anonymous)
                {
                    knownAnonymous ??= m.Mention;
                }
                else
                {
                    known ??= m.Mention;
                }
            }
            if (!t.IsWord)
            {
                continue;
            }
            if (Head(t, Lexicon.AnonymousHeads) is { } anon)
            {
                // Arabic puts the head first, English last ("a senior administration official").
                if (content == 0 || (latin && (i + 1 == to || !tokens[i + 1].IsWord || !char.IsUpper(tokens[i + 1].Text[0]))))
                {
                    anonymous |= known is null || latin;
                }
                heads.Add(anon);
            }
            foreach (var set in new[] { Lexicon.OutletHeads, Lexicon.OrganisationHeads, Lexicon.Titles })
            {
                if (Head(t, set) is { } head)
                {
                    heads.Add(head);
                }
            }
            if (!Lexicon.AnonymousModifiers.Contains(t.Key))
            {
                content++;
            }
        }
        var written = body[tokens[from].Start..tokens[to - 1].End].Trim('"', '“', '”', '«', '»', ' ', ',', '،');
        if (anonymous && (known is null || latin))
        {
            if (knownAnonymous is { } ka)
            {
                return new Phrase(new ProposedSource(ka.Source.Id, ka.Source.Name, SourceKind.Anonymous), [], from, to, heads);
            }
            // "تلك المصادر", "the official": the unnamed source named before with that head.
            if (IsPointer(first) && heads.Count > 0 && Discourse.ByHead(heads[0], SourceKind.Anonymous) is { } same)
            {
                return new Phrase(same.Source, same.Outward, from, to, heads);
            }
            return new Phrase(new ProposedSource(null, written, SourceKind.Anonymous), [], from, to, heads);
        }
        if (known is not null)
        {
            return new Phrase(new ProposedSource(known.Source.Id, known.Source.Name, known.Source.Kind), [], from, to, heads);
        }
        if (knownAnonymous is { } onlyAnonymous)
        {
            return new Phrase(new ProposedSource(onlyAnonymous.Source.Id, onlyAnonymous.Source.Name, SourceKind.Anonymous), [], from, to, heads);
        }
        // "الموقع", "الوكالة الروسية", "the agency", "the minister": the source last named so.
        if (heads.Count > 0 && IsPointer(first) && OnlyHeadAndAdjectives(from, to))
        {
            // Alone ("الوكالة", "the agency") it may stand for the last of its kind; described ("التلفزيون الرسمي") only for one named so.
            var alone = Enumerable.Range(from, to - from).Count(i => tokens[i].IsWord && tokens[i].Key != "the") == 1;
            var pointed = Lexicon.OutletHeads.Contains(heads[0]) ? SourceKind.Outlet
                : Lexicon.Titles.Contains(heads[0]) ? SourceKind.Person
                : (SourceKind?)null;
            if ((alone ? Discourse.ByHead(heads[0], pointed) : Discourse.ByHead(heads[0], null)) is { } back)
            {
                return new Phrase(back.Source, back.Outward, from, to, heads);
            }
        }
        if (latin && !Enumerable.Range(from, to - from).Any(i => tokens[i].IsCapitalised) && heads.Count == 0)
        {
            return null;
        }
        var nameWords = Enumerable.Range(from, to - from).Select(i => tokens[i])
            .Where(t => t.IsWord && !IsSourceHead(t) && !IsNisba(t) && !Lexicon.AnonymousModifiers.Contains(t.Key))
            .Select(t => t.Key).ToList();
        if (nameWords.Count is > 0 and <= 2 && Discourse.ByWords(nameWords) is { } named)
        {
            return new Phrase(named.Source, named.Outward, from, to, heads);
        }
        var kindOf = heads.Any(Lexicon.OutletHeads.Contains) ? SourceKind.Outlet
            : heads.Any(Lexicon.OrganisationHeads.Contains) && !heads.Any(Lexicon.Titles.Contains) ? SourceKind.Organization
            : SourceKind.Person;
        return new Phrase(new ProposedSource(null, written, kindOf), [], from, to, heads);
    }

    /// <summary>The phrase without joining words before it, nor punctuation, adverbs or a relative clause after it.</summary>
    public (int From, int To) Trim(int from, int to, bool cutRelative = true)
    {
        while (from < to && (!tokens[from].IsWord && tokens[from].Kind != TokenKind.Quote && tokens[from].Kind != TokenKind.Number
                             || tokens[from].IsWord && MentionAt(from) is null && IsConnector(tokens[from])))
        {
            from++;
        }
        for (var i = from + 1; cutRelative && i < to; i++)
        {
            if (tokens[i].IsWord && Lexicon.Relatives.Contains(tokens[i].Key) && tokens[i].Key != "that")
            {
                to = i;
                break;
            }
        }
        while (to > from && (!tokens[to - 1].IsWord && tokens[to - 1].Kind != TokenKind.Number
                             && !(tokens[to - 1].Kind == TokenKind.Quote && HasOpeningQuote(from, to - 1))
                             || tokens[to - 1].IsWord && (Lexicon.Adjuncts.Contains(tokens[to - 1].Key) || Trailing.Contains(tokens[to - 1].Key))
                                && MentionAt(to - 1) is null))
        {
            to--;
        }
        while (from < to && tokens[from].Kind == TokenKind.Quote && !HasClosingQuote(from + 1, to))
        {
            from++;
        }
        return (from, to);
    }

    private static bool IsConnector(Token t) => Lexicon.Connectors.Contains(t.Key) || Lexicon.Connectors.Contains(t.Bare);

    private static bool IsPointer(Token t) =>
        t.Key is "the" or "those" or "these" or "this" or "that"
        || Lexicon.AnonymousModifiers.Contains(t.Key) && !t.IsLatin
        || !t.IsLatin && t.IsDefinite;

    private bool OnlyHeadAndAdjectives(int from, int to)
    {
        var words = Enumerable.Range(from, to - from).Select(i => tokens[i]).Where(t => t.IsWord).ToList();
        if (words.Count > 0 && words[0].Key is "the" or "those" or "these" or "this")
        {
            words.RemoveAt(0);
        }
        return words.Count > 0 && words.Count <= 3 && IsSourceHead(words[^1] is { IsLatin: true } last ? last : words[0])
            && words.Skip(1).All(w => w.IsLatin ? !w.IsCapitalised || IsSourceHead(w) : IsNisba(w));
    }

    private bool HasOpeningQuote(int from, int before) => Enumerable.Range(from, before - from).Any(i => tokens[i].Kind == TokenKind.Quote);

    private bool HasClosingQuote(int from, int to) => Enumerable.Range(from, to - from).Any(i => tokens[i].Kind == TokenKind.Quote);

    private static IEnumerable<string> Candidates(Token t)
    {
        yield return t.Key;
        yield return t.Bare;
        foreach (var (stem, _) in TextFold.WithoutPrefixes(t.Key, 3))
        {
            yield return stem;
        }
    }
}
