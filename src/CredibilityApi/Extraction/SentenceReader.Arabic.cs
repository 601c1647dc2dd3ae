using CredibilityApi.Claims;
using CredibilityApi.Sources;
using CredibilityApi.Text;

namespace CredibilityApi.Extraction;

/// <summary>
/// Arabic clauses: the verb first with its subject after it ("نقلت وكالة تسنيم عن شبكة نهرين نت عن مصادر
/// … أن …"), the subject first ("وكانت تقارير استخباراتية كشفت أن …", "أن مسؤولين أمريكيين رصدوا …",
/// "التقارير التي أكدت …"), or no subject at all ("وأضاف: …"), which continues the claim before.
/// </summary>
internal sealed partial class SentenceReader
{
    private Draft? ReadArabic(int at, CueKind kind, int from, int to, int next)
    {
        var verb = tokens[at];
        var prefixed = verb.Key != verb.Bare;
        var particle = Lexicon.VerbParticles.GetValueOrDefault(verb.Bare) ?? Lexicon.VerbParticles.GetValueOrDefault(verb.Key);
        Phrase? subject = null;
        var after = at + 1;
        var svo = false;
        if (after < to && StartsSubject(after, particle))
        {
            var end = NounPhraseEnd(after, to, strict: kind == CueKind.Denies);
            if (sources.Read(after, end) is { } read)
            {
                (subject, after) = (read, end);
            }
        }
        // A word after the verb that names no one ("رصدوا انسحابات"): the object, when a source stands before the verb.
        if (subject is not null && !prefixed && !IsStrong(subject) && SubjectBefore(at, from) is { } first)
        {
            (subject, after, svo) = (first, at + 1, true);
        }
        if (subject is null && !prefixed && SubjectBefore(at, from) is { } before)
        {
            (subject, svo) = (before, true);
        }
        var continued = subject is null && prefixed;
        subject ??= continued ? Continued() : null;
        if (subject is null)
        {
            return null;
        }

        var p = after;
        int? propFrom = null;
        if (prefixed && p == at + 1 && p + 1 < to && tokens[p].IsComma && continued && tokens[p + 1].IsWord)
        {
            // "وأضافت، كان على رأس …": the words after the comma are the claim's.
            propFrom = p + 1;
        }
        Phrase? told = null;
        if (p < to && IsToldOutlet(p))
        {
            var end = NounPhraseEnd(p, to, strict: true);
            told = sources.Read(p, end);
            p = end;
        }
        var objectAt = p;
        var relays = new List<Phrase>();
        for (var skipped = 0; propFrom is null && p < to && skipped <= Window;)
        {
            var t = tokens[p];
            if (t.IsWord && t.Key == "عن" && (kind == CueKind.Relays || (p > 0 && tokens[p - 1].Key == "نقلا")))
            {
                var end = NounPhraseEnd(p + 1, to, strict: false);
                if (sources.Read(p + 1, end) is { } relay)
                {
                    relays.Add(relay);
                }
                p = Math.Max(end, p + 1);
                continue;
            }
            if (t.IsWord && (Lexicon.Complementizers.Contains(t.Key) || (particle is not null && t.Key == particle)))
            {
                // "أشار إلى أن …": the particle and then the complementizer.
                propFrom = p + 1 < to && tokens[p + 1].IsWord && Lexicon.Complementizers.Contains(tokens[p + 1].Key) ? p + 2 : p + 1;
                break;
            }
            if (t.Is(':'))
            {
                propFrom = p + 1;
                break;
            }
            if (t.Kind == TokenKind.Quote && QuoteCloses(p, to) && (p == objectAt || !tokens[p - 1].IsWord || Lexicon.Saying.Contains(tokens[p - 1].Key)))
            {
                propFrom = p;
                break;
            }
            if (t.Is('.') || (t.IsWord && (Lexicon.ClauseBreaks.Contains(t.Key)
                                           || !Lexicon.Saying.Contains(t.Key) && t.Key != "نقلا" && CueOf(p, to) is not null)))
            {
                break;
            }
            if (t.IsWord && !Lexicon.Saying.Contains(t.Key) && t.Key != "نقلا")
            {
                skipped++;
            }
            p++;
        }
        if (propFrom is null)
        {
            // A denial's object ("نفى … وجود أية خلافات"), or the object of a verb after its subject ("التقارير التي أكدت وجود …").
            if (!(kind == CueKind.Denies || svo) || relays.Count > 0 || (svo && objectAt < to && !tokens[objectAt].IsWord))
            {
                return null;
            }
            propFrom = objectAt;
        }
        if (kind == CueKind.Denies && propFrom < to && Lexicon.NoComment.Contains(tokens[propFrom.Value].Key))
        {
            return null;
        }

        var speaker = relays.Count > 0 ? relays[^1] : subject;
        var outward = new List<Phrase>();
        if (relays.Count > 0)
        {
            outward.AddRange(relays.Take(relays.Count - 1).Reverse());
            outward.Add(subject);
        }
        if (svo && sentence.Count > 0 && OnlyPunctuation(sentence[^1].PropFrom, speaker.From))
        {
            // "وأضاف الموقع أن مسؤولين أمريكيين رصدوا …": the claim is the officials', relayed by the site.
            var outer = sentence[^1].Claim;
            sentence.RemoveAt(sentence.Count - 1);
            outward.Add(new Phrase(outer.Speaker, outer.Via, 0, 0, []));
        }
        var stance = kind == CueKind.Denies ? Stance.Denies : Stance.Asserts;
        return Propose(at, CueText(at, relays), speaker, outward, propFrom.Value, PropositionEnd(propFrom.Value, to, next), stance, told);
    }

    private static bool IsStrong(Phrase p) => p.Source.SourceId is not null || p.Source.Kind == SourceKind.Anonymous || p.Heads.Count > 0;

    private bool OnlyPunctuation(int from, int to) => from <= to && AllPunct(from, to);

    private bool StartsSubject(int i, string? particle)
    {
        var t = tokens[i];
        if (!t.IsWord || sources.MentionAt(i) is null && (Lexicon.SubjectStops.Contains(t.Key) || Lexicon.SubjectStops.Contains(t.Bare)))
        {
            return sources.MentionAt(i) is not null;
        }
        return !Lexicon.Complementizers.Contains(t.Key) && !Lexicon.RelayParticles.Contains(t.Key) && !Lexicon.Saying.Contains(t.Key)
            && t.Key != particle && !IsToldOutlet(i);
    }

    /// <summary>Where the noun phrase starting at <paramref name="from"/> ends; <paramref name="strict"/>: no object may follow it unmarked (a denial's).</summary>
    private int NounPhraseEnd(int from, int to, bool strict)
    {
        var k = from;
        var afterAdjective = false;
        for (var words = 0; k < to && words < 12; words++)
        {
            var t = tokens[k];
            if (sources.MentionAt(k) is { } m && (k == from || !IsToldOutlet(k)))
            {
                k = m.End;
                afterAdjective = false;
                continue;
            }
            if (t.Kind == TokenKind.Quote)
            {
                if (k > from && ClosingQuote(k, to) is { } close && close > k + 1 && close - k <= 5)
                {
                    k = close + 1;
                    continue;
                }
                break;
            }
            if (!t.IsWord)
            {
                break;
            }
            if (k > from)
            {
                if (Lexicon.Complementizers.Contains(t.Key) || Lexicon.RelayParticles.Contains(t.Key) || Lexicon.Saying.Contains(t.Key)
                    || Lexicon.Relatives.Contains(t.Key) || IsToldOutlet(k) || CueOf(k, to) is not null)
                {
                    break;
                }
                if ((Lexicon.SubjectStops.Contains(t.Key) || Lexicon.SubjectStops.Contains(t.Bare)) && !SourceReader.IsSourceHead(t))
                {
                    break;
                }
                if (strict && afterAdjective && t.IsDefinite && !SourceReader.IsNisba(t) && !SourceReader.IsSourceHead(t))
                {
                    break;
                }
            }
            afterAdjective = SourceReader.IsNisba(t);
            k++;
        }
        return k;
    }

    /// <summary>"لوكالة سانا", "لقناة الجزيرة": the outlet a speaker told.</summary>
    private bool IsToldOutlet(int i)
    {
        var t = tokens[i];
        if (!t.IsWord || t.IsLatin || !t.Key.StartsWith('ل') || t.Key.StartsWith("لل", StringComparison.Ordinal) || t.Key.Length < 4)
        {
            return false;
        }
        return Lexicon.OutletHeads.Contains(t.Key[1..])
            || (sources.MentionAt(i) is { } m && m.Mention.Source.Kind == SourceKind.Outlet && m.Mention.Start > t.Start);
    }

    /// <summary>The subject before the verb, in its clause: the nearest source phrase, a few words at most before it.</summary>
    private Phrase? SubjectBefore(int at, int from)
    {
        var start = from;
        for (var j = at - 1; j >= from; j--)
        {
            var t = tokens[j];
            if (t.Is(':') || t.IsWord && (Lexicon.Complementizers.Contains(t.Key) || Lexicon.ClauseBreaks.Contains(t.Key)))
            {
                start = j + 1;
                break;
            }
        }
        for (var j = at - 1; j >= start; j--)
        {
            if (sources.MentionAt(j) is null && !SourceReader.IsSourceHead(tokens[j]))
            {
                continue;
            }
            var first = j;
            while (first - 1 >= start && (SourceReader.IsSourceHead(tokens[first - 1]) || tokens[first - 1].Kind == TokenKind.Quote
                                          || Lexicon.AnonymousModifiers.Contains(tokens[first - 1].Key) && !tokens[first - 1].IsLatin))
            {
                first--;
            }
            var end = Math.Min(at, NounPhraseEnd(first, at, strict: false));
            var between = Enumerable.Range(end, at - end).Count(i => tokens[i].IsWord || tokens[i].Kind == TokenKind.Number);
            return between <= 4 ? Source(first, end) : null;
        }
        return null;
    }
}
