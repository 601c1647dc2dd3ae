using CredibilityApi.Claims;
using CredibilityApi.Sources;

namespace CredibilityApi.Extraction;

/// <summary>
/// English clauses: "X said (on Tuesday) (that) …", "…, X said.", "\"…,\" said X", "X told Reuters …",
/// "X, citing Y, reported that …", "X quoted Y as saying …", "X denied reports that …", "and said …".
/// </summary>
internal sealed partial class SentenceReader
{
    private static readonly HashSet<string> DeniedNouns = Lexicon.Set(
        "reports", "report", "claims", "claim", "allegations", "allegation", "suggestions", "rumours", "rumors", "accusations", "speculation");

    private Draft? ReadEnglish(int at, CueKind kind, int from, int to, int next)
    {
        var stance = kind == CueKind.Denies ? Stance.Denies : Stance.Asserts;
        var before = at - 1;
        // "\"…,\" said Treasury Secretary X": the subject follows the verb, the proposition came before.
        if (before >= from && (tokens[before].Kind == TokenKind.Quote || tokens[before].IsComma)
            && at + 1 < to && tokens[at + 1].IsCapitalised && !Lexicon.PointsBack.ContainsKey(tokens[at + 1].Key))
        {
            var end = at + 1;
            while (end < to && (tokens[end].IsWord || tokens[end].Kind == TokenKind.Number) && tokens[end].Key is not ("adding" or "on" or "at" or "in" or "who"))
            {
                end++;
            }
            if (Source(at + 1, end) is { } inverted)
            {
                return Propose(at, tokens[at].Text, inverted, [], from, before, stance);
            }
        }

        var segment = at;
        while (segment - 1 >= from && !IsSegmentEdge(segment - 1))
        {
            segment--;
        }
        Phrase? subject;
        List<Phrase> relays = [];
        var appositive = segment == at && before >= from && tokens[before].IsComma;
        if (appositive)
        {
            // "The regulator, the Civil Aviation Authority, said …": the subject runs back to the clause's start.
            var start = before;
            while (start - 1 >= from && tokens[start - 1].Kind != TokenKind.Quote && !(tokens[start - 1].IsWord && tokens[start - 1].Key == "that"))
            {
                start--;
            }
            (subject, relays) = SubjectCiting(start, before);
            segment = start;
        }
        else
        {
            (subject, relays) = SubjectCiting(segment, at);
        }
        var onlyAnd = Enumerable.Range(segment, at - segment).All(i => !tokens[i].IsWord || tokens[i].Key is "and" or "but");
        if (subject is null && onlyAnd && segment < at)
        {
            subject = sentence.Count > 0 ? new Phrase(sentence[^1].Claim.Speaker, sentence[^1].Claim.Via, 0, 0, []) : null;
        }
        if (subject is null)
        {
            return null;
        }

        var p = at + 1;
        Phrase? told = null;
        if (tokens[at].Key is "told" or "tells" && p < to)
        {
            var end = p;
            while (end < to && tokens[end].IsWord && tokens[end].Key is not ("that" or "on" or "in" or "at" or "during"))
            {
                end++;
            }
            if (sources.Read(p, end) is { Source.Kind: SourceKind.Outlet } outlet)
            {
                told = outlet;
            }
            p = end;
        }
        if (kind == CueKind.Relays)
        {
            // "X quoted Y as saying …"
            var end = p;
            while (end < to && tokens[end].Key != "as" && end < p + 10)
            {
                end++;
            }
            if (end >= to || sources.Read(p, end) is not { } quoted)
            {
                return null;
            }
            relays.Add(quoted);
            p = end + 1 < to && tokens[end + 1].Key == "saying" ? end + 2 : end + 1;
        }

        // Postposed: "…, three sources told Reuters." — the proposition is what came before.
        var rest = Enumerable.Range(p, Math.Max(0, to - p)).Count(i => tokens[i].IsWord || tokens[i].Kind == TokenKind.Number);
        if (segment > from && (tokens[segment - 1].IsComma || tokens[segment - 1].Kind == TokenKind.Quote) && !appositive && !onlyAnd
            && rest <= 6 && !Enumerable.Range(p, to - p).Any(i => tokens[i].Key == "that"))
        {
            var speaker = relays.Count > 0 ? relays[^1] : subject;
            return Propose(at, tokens[at].Text, speaker, Outward(subject, relays), from, segment - 1, stance, told);
        }

        var propFrom = p;
        for (var j = p; j < to && j < p + Window; j++)
        {
            var t = tokens[j];
            if (t.Key == "that" || t.Is(':'))
            {
                propFrom = j + 1;
                break;
            }
            if (t.Kind == TokenKind.Quote && j == p)
            {
                break;
            }
            if (!(t.IsWord && (Lexicon.Adjuncts.Contains(t.Key) || DeniedNouns.Contains(t.Key))) && !t.IsComma)
            {
                break;
            }
        }
        if (propFrom == p)
        {
            // "said Thursday the measures …", "said on Sunday it …": a day and its preposition are no part of it.
            while (propFrom < to && tokens[propFrom].Key is "on" or "monday" or "tuesday" or "wednesday" or "thursday" or "friday" or "saturday" or "sunday")
            {
                propFrom++;
            }
        }
        var last = relays.Count > 0 ? relays[^1] : subject;
        return Propose(at, tokens[at].Text, last, Outward(subject, relays), propFrom, PropositionEnd(propFrom, to, next), stance, told);
    }

    /// <summary>The relays outward from the speaker: the inner citing ones, then the subject when it only relays.</summary>
    private static List<Phrase> Outward(Phrase subject, List<Phrase> relays)
    {
        var outward = new List<Phrase>();
        if (relays.Count > 0)
        {
            outward.AddRange(relays.Take(relays.Count - 1).Reverse());
            outward.Add(subject);
        }
        return outward;
    }

    /// <summary>"The Times of Israel, citing Channel 12 news": the subject and the source it cites.</summary>
    private (Phrase? Subject, List<Phrase> Relays) SubjectCiting(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (tokens[i].Key is "citing" or "quoting")
            {
                var subject = Source(from, i);
                var relay = Source(i + 1, to);
                return subject is null ? (relay, []) : (subject, relay is null ? [] : [relay]);
            }
        }
        return (Source(from, to), []);
    }

    private bool IsSegmentEdge(int i)
    {
        var t = tokens[i];
        return t.IsComma || t.Kind == TokenKind.Quote || t.Is(';') || t.Is(':') || t.Is('(') || t.Is(')')
            || t.IsWord && (t.Key == "that" || Lexicon.ClauseBreaks.Contains(t.Key));
    }
}
