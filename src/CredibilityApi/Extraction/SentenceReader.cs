using CredibilityApi.Articles;
using CredibilityApi.Claims;
using CredibilityApi.Sources;
using CredibilityApi.Text;

namespace CredibilityApi.Extraction;

/// <summary>
/// Reads the cues of one sentence at a time into proposals: who (before or after the cue), through whom
/// (عن … عن …, citing, quoted … as saying, told/لـ an outlet), and what (after أن/إن/that, a colon or a
/// quote; before the cue when it follows the proposition, "…, he said"). The Arabic and English clause
/// shapes are in <c>SentenceReader.Arabic.cs</c> and <c>SentenceReader.English.cs</c>.
/// </summary>
internal sealed partial class SentenceReader(string body, List<Token> tokens, SourceReader sources, SourceRef? publisher, string? publisherName)
{
    private static readonly HashSet<string> Negations = Lexicon.Set("لم", "لا", "ما", "لن", "not", "never", "n't");

    private static readonly HashSet<string> Passive = Lexicon.Set("be", "been", "being", "is", "are", "was", "were", "to");

    /// <summary>How many words may stand between a cue's subject and the particle that opens its proposition.</summary>
    private const int Window = 8;

    private readonly string? publisherKey = publisherName is null ? null : TextFold.Fold(publisherName);
    private readonly List<Draft> sentence = [];

    public List<Draft> Claims { get; } = [];

    private Discourse Discourse => sources.Discourse;

    public void Read(int from, int to)
    {
        sentence.Clear();
        var cues = new List<(int At, CueKind Kind)>();
        for (var i = from; i < to; i++)
        {
            if (CueOf(i, to) is { } kind)
            {
                cues.Add((i, kind));
            }
        }
        var consumedTo = from;
        for (var c = 0; c < cues.Count; c++)
        {
            var (at, kind) = cues[c];
            if (at < consumedTo)
            {
                continue;
            }
            var next = c + 1 < cues.Count ? cues[c + 1].At : to;
            var latin = tokens[at].IsLatin;
            var draft = kind switch
            {
                CueKind.Adds => ReadAdds(at, from, to, next),
                CueKind.According => ReadAccording(at, from, to, next),
                _ when latin => ReadEnglish(at, kind, from, to, next),
                _ => ReadArabic(at, kind, from, to, next),
            };
            if (draft is not null)
            {
                consumedTo = Math.Max(consumedTo, draft.Cue + 1);
            }
        }
        Claims.AddRange(sentence);
    }

    private CueKind? CueOf(int i, int to)
    {
        var t = tokens[i];
        if (!t.IsWord)
        {
            return null;
        }
        if (!Lexicon.Cues.TryGetValue(t.Key, out var kind) && !(t.Key != t.Bare && Lexicon.Cues.TryGetValue(t.Bare, out kind)))
        {
            return null;
        }
        // "لم تذكر اسمه", "did not say", "was reported", "to announce": no one is quoted.
        if (i > 0 && tokens[i - 1].IsWord && (Negations.Contains(tokens[i - 1].Key) || t.IsLatin && Passive.Contains(tokens[i - 1].Key)))
        {
            return null;
        }
        // "نقل" relays only with "عن" after it; alone it is the noun ("نفت … نقل منظومات").
        if (kind == CueKind.Relays && !t.IsLatin && !Enumerable.Range(i + 1, Math.Max(0, Math.Min(to, i + 10) - i - 1)).Any(j => tokens[j].Key == "عن"))
        {
            return null;
        }
        if (t.Key == "according" && !(i + 1 < to && tokens[i + 1].Key == "to"))
        {
            return null;
        }
        if (t.Key == "saying" && !(i > 0 && tokens[i - 1].IsComma))
        {
            return null;
        }
        return kind;
    }

    /// <summary>
    /// Adds a proposal: the speaker, its relays outward (the publisher left out), the proposition
    /// [propFrom, propTo) (without enclosing quotes), and remembers the sources for what points back later.
    /// </summary>
    private Draft? Propose(int cue, string cueText, Phrase speaker, IEnumerable<Phrase> outward, int propFrom, int propTo, Stance stance, Phrase? told = null)
    {
        (propFrom, propTo) = TrimProposition(propFrom, propTo);
        if (propFrom >= propTo)
        {
            return null;
        }
        var via = new List<ProposedSource>();
        void AddVia(ProposedSource s)
        {
            if (IsPublisher(s) || Same(s, speaker.Source) || (via.Count > 0 && Same(via[^1], s)))
            {
                return;
            }
            via.Add(s);
        }
        foreach (var s in speaker.Outward)
        {
            AddVia(s);
        }
        var relays = outward.ToList();
        foreach (var relay in relays)
        {
            AddVia(relay.Source);
            foreach (var s in relay.Outward)
            {
                AddVia(s);
            }
        }
        // An outlet the speaker told carries this statement only: later ones of the speaker's are not through it.
        var remembered = told is null ? via.ToList() : via.Where(v => !Same(v, told.Source)).ToList();
        if (told is not null)
        {
            AddVia(told.Source);
        }
        var start = tokens[propFrom].Start;
        var end = tokens[propTo - 1].End;
        var claim = new ProposedClaim(
            body[start..end], start, end, cueText, speaker.Source, via, stance, Numbers.Read(tokens, propFrom, propTo));
        var draft = new Draft(claim, propFrom, propTo, cue);
        sentence.Add(draft);
        Discourse.LastClaim = (claim.Speaker, via);
        Discourse.Note(speaker.Source, speaker.Heads, remembered, Written(speaker));
        for (var r = 0; r < relays.Count; r++)
        {
            var rest = via.SkipWhile(v => !Same(v, relays[r].Source)).Skip(1).ToList();
            Discourse.Note(relays[r].Source, relays[r].Heads, rest, Written(relays[r]));
        }
        return draft;
    }

    private string Written(Phrase p) => p.From < p.To ? body[tokens[p.From].Start..tokens[p.To - 1].End] : p.Source.Name;

    /// <summary>A speaker carried over from the claim before: its source and relays.</summary>
    private Phrase? Continued() =>
        Discourse.LastClaim is { } last ? new Phrase(last.Speaker, last.Via, 0, 0, []) : null;

    private (int, int) TrimProposition(int from, int to)
    {
        while (from < to && (tokens[from].Kind is TokenKind.Punct or TokenKind.Newline || tokens[from].Kind == TokenKind.Quote && !QuoteCloses(from, to)))
        {
            from++;
        }
        if (from < to && tokens[from].Kind == TokenKind.Quote && ClosingQuote(from, to) is { } close && (close == to - 1 || AllPunct(close + 1, to)))
        {
            return (from + 1, close);
        }
        while (to > from && (tokens[to - 1].Kind is TokenKind.Punct or TokenKind.Newline
                             || tokens[to - 1].Kind == TokenKind.Quote && !QuoteOpensBefore(from, to - 1)))
        {
            to--;
        }
        return (from, to);
    }

    /// <summary>Where a proposition that starts at <paramref name="from"/> ends: a quote's end, the clause before the next cue, a clause break.</summary>
    private int PropositionEnd(int from, int to, int nextCue)
    {
        if (from < to && tokens[from].Kind == TokenKind.Quote && ClosingQuote(from, to) is { } close)
        {
            return close + 1;
        }
        var end = to;
        if (nextCue < to && nextCue > from)
        {
            end = nextCue;
            for (var j = nextCue - 1; j > from; j--)
            {
                if (tokens[j].IsComma || tokens[j].Is(';') || tokens[j].Is('؛') || tokens[j].Kind == TokenKind.Quote || tokens[j].Key == "and")
                {
                    end = j;
                    break;
                }
            }
        }
        for (var j = from + 1; j + 1 < end; j++)
        {
            if ((tokens[j].IsComma || tokens[j].Is(';') || tokens[j].Is('؛')) && tokens[j + 1].IsWord
                && (Lexicon.ClauseBreaks.Contains(tokens[j + 1].Key) || Lexicon.Cues.TryGetValue(tokens[j + 1].Key, out var k) && k == CueKind.According))
            {
                return j;
            }
            if (tokens[j].Kind == TokenKind.Quote && !IsOpening(j) && !QuoteOpensBefore(from, j) && j > from + 1)
            {
                return j;
            }
        }
        return end;
    }

    private int? ClosingQuote(int open, int to)
    {
        for (var j = open + 1; j < to; j++)
        {
            if (tokens[j].Kind == TokenKind.Quote)
            {
                return j;
            }
        }
        return null;
    }

    /// <summary>A quote mark that opens: “ or «, or a straight one with a space before it and a word right after.</summary>
    private bool IsOpening(int j) =>
        tokens[j].Text is "“" or "«" || (tokens[j].Text is "\"" && (j == 0 || tokens[j - 1].End < tokens[j].Start)
            && j + 1 < tokens.Count && tokens[j + 1].Start == tokens[j].End && tokens[j + 1].IsWord);

    private bool QuoteCloses(int open, int to) => ClosingQuote(open, to) is not null;

    private bool QuoteOpensBefore(int from, int quote) =>
        Enumerable.Range(from, quote - from).Count(i => tokens[i].Kind == TokenKind.Quote) % 2 == 1;

    private bool AllPunct(int from, int to) => Enumerable.Range(from, to - from).All(i => !tokens[i].IsWord && tokens[i].Kind != TokenKind.Number);

    private bool IsPublisher(ProposedSource s) =>
        (publisher is not null && s.SourceId == publisher.Id) || (publisherKey is not null && TextFold.Fold(s.Name) == publisherKey);

    private static bool Same(ProposedSource a, ProposedSource b) =>
        a.SourceId is { } id ? id == b.SourceId : b.SourceId is null && TextFold.Fold(a.Name) == TextFold.Fold(b.Name);

    private string CueText(int cue, IReadOnlyCollection<Phrase> relays) =>
        relays.Count == 0 ? tokens[cue].Text : tokens[cue].Text + string.Concat(Enumerable.Repeat(tokens[cue].IsLatin ? " … citing" : " … عن", relays.Count));

    /// <summary>"…، مؤكدا أن …", "…, adding that …": one more claim of the clause's speaker.</summary>
    private Draft? ReadAdds(int at, int from, int to, int next)
    {
        if (sentence.Count == 0 || at == from || !(tokens[at - 1].IsComma || tokens[at - 1].Key is "و" or "and"))
        {
            return null;
        }
        var last = sentence[^1].Claim;
        var p = at + 1;
        var particle = Lexicon.VerbParticles.GetValueOrDefault(tokens[at].Key);
        while (p < to && p <= at + 3)
        {
            if (tokens[p].IsWord && (Lexicon.Complementizers.Contains(tokens[p].Key) || tokens[p].Key == particle))
            {
                p++;
                break;
            }
            if (tokens[p].Is(':'))
            {
                p++;
                break;
            }
            p++;
        }
        if (p > at + 3)
        {
            p = at + 1;
        }
        var speaker = new Phrase(last.Speaker, last.Via, 0, 0, []);
        return Propose(at, tokens[at].Text, speaker, [], p, PropositionEnd(p, to, next), Stance.Asserts);
    }

    /// <summary>"بحسب X، …", "…، وفق X", "According to X, …", "…, according to X.".</summary>
    private Draft? ReadAccording(int at, int from, int to, int next)
    {
        if (sentence.Count > 0)
        {
            return null;
        }
        var nameFrom = tokens[at].Key == "according" ? at + 2 : at + 1;
        var leading = Enumerable.Range(from, at - from).All(i => !tokens[i].IsWord || Lexicon.Connectors.Contains(tokens[i].Key));
        if (leading)
        {
            var comma = nameFrom;
            while (comma < to && !tokens[comma].IsComma && comma < nameFrom + 12)
            {
                comma++;
            }
            if (comma >= to || !tokens[comma].IsComma || Source(nameFrom, comma) is not { } speaker)
            {
                return null;
            }
            var p = comma + 1;
            if (p < to && tokens[p].IsWord && Lexicon.Complementizers.Contains(tokens[p].Key))
            {
                p++;
            }
            return Propose(at, CueWords(at), speaker, [], p, PropositionEnd(p, to, next), Stance.Asserts);
        }
        if (!tokens[at - 1].IsComma || Source(nameFrom, next) is not { } after)
        {
            return null;
        }
        return Propose(at, CueWords(at), after, [], from, at - 1, Stance.Asserts);
    }

    private string CueWords(int at) => tokens[at].Key == "according" ? "according to" : tokens[at].Text;

    /// <summary>A phrase that stands for a source an attribution can name: known, unnamed, a title, an outlet or organisation, a name.</summary>
    private Phrase? Source(int from, int to)
    {
        if (sources.Read(from, to) is not { } phrase)
        {
            return null;
        }
        var strong = phrase.Source.SourceId is not null || phrase.Source.Kind == SourceKind.Anonymous || phrase.Heads.Count > 0
            || Lexicon.PointsBack.ContainsKey(tokens[phrase.From].Key)
            || (tokens[phrase.From].IsLatin && Enumerable.Range(phrase.From, phrase.To - phrase.From).Any(i => tokens[i].IsCapitalised));
        return strong && phrase.To - phrase.From <= 12 ? phrase : null;
    }
}
