using CredibilityApi.Sources;

namespace CredibilityApi.Credibility;

/// <summary>The answers read off a snapshot: one source's score with its contributions, its history, the rankings.</summary>
public sealed partial class CredibilityEngine
{
    public async Task<SourceCredibilityResponse?> GetAsync(long sourceId, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (index.Read(x => x.SourceOf(sourceId)) is not { } source)
        {
            return null;
        }
        var entries = current.Entries(sourceId);
        var score = current.Score(sourceId);
        var contributions = Contributions(current, entries, score.Mean);
        var affiliation = index.Read(x => x.SourceOf(current.AffiliationOf(sourceId)));
        if (score.Prior.Affiliation != 0)
        {
            contributions.Insert(0, PriorContribution(score.Prior, PriorBasis.Affiliation, index.Read(x => x.SourceOf(score.Prior.Affiliation)), null));
        }
        return new SourceCredibilityResponse(source, score.Mean, score.Interval, score.Status, EvidenceOf(score, entries), contributions, Method,
            affiliation, null, Topics(current, sourceId, score));
    }

    /// <summary>
    /// The claims that moved a score most (weight · |truth − score|), largest first, each with the
    /// reviewer's own label of the verdict its truth comes from (the denied claim's, for a denial).
    /// </summary>
    private List<CredibilityContribution> Contributions(Snapshot current, List<Entry> entries, double mean)
    {
        var top = entries
            .Select(e => (Entry: e, Weight: e.Weight * current.Decay(e.At)))
            .OrderByDescending(c => c.Weight * Math.Abs(c.Entry.Truth - mean)).ThenBy(c => c.Entry.Claim)
            .Take(MaxContributions)
            .ToList();
        return index.Read(x => top.Select(c =>
        {
            var rated = c.Entry.Denies == 0 ? c.Entry.Claim : c.Entry.Denies;
            var label = x.TryHead(rated, out var head) ? head.OriginalLabel : null;
            return new CredibilityContribution(c.Entry.Claim, c.Entry.Rating, c.Entry.Truth, c.Weight, c.Entry.Role,
                new DateTimeOffset(c.Entry.At, TimeSpan.Zero), c.Entry.Denies == 0 ? null : c.Entry.Denies, OriginalLabel: label);
        }).ToList());
    }

    /// <summary>Entries summed: weight and weight · truth, after decay.</summary>
    private static (double Weight, double WeightedTrue) Sum(Snapshot current, List<Entry> entries)
    {
        var (weight, weightedTrue) = (0.0, 0.0);
        foreach (var e in entries)
        {
            var w = e.Weight * current.Decay(e.At);
            (weight, weightedTrue) = (weight + w, weightedTrue + (w * e.Truth));
        }
        return (weight, weightedTrue);
    }

    /// <summary>The evidence behind a score, from the entries it sums.</summary>
    private static CredibilityEvidence EvidenceOf(Score score, List<Entry> entries)
    {
        var claims = entries.Select(e => e.Claim).Distinct().Count();
        int ClaimsAs(EvidenceRole role) => entries.Where(e => e.Role == role).Select(e => e.Claim).Distinct().Count();
        var anonymous = entries.Where(e => e.AnonymousSpeaker).Select(e => e.Claim).Distinct().Count();
        return new CredibilityEvidence(score.Weight, score.WeightedTrue, score.Weight - score.WeightedTrue, claims,
            ClaimsAs(EvidenceRole.Speaker), ClaimsAs(EvidenceRole.Relay), ClaimsAs(EvidenceRole.Publisher),
            claims == 0 ? 0 : (double)anonymous / claims);
    }

    public async Task<CredibilityHistoryResponse?> GetHistoryAsync(long sourceId, HistoryBucket bucket, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (index.Read(x => x.SourceOf(sourceId)) is not { } source)
        {
            return null;
        }
        var entries = current.Entries(sourceId).ToArray().OrderBy(e => e.At).ToList();
        // Every point starts from today's prior: an affiliation's pooled record is not kept by date.
        var prior = current.PriorOf(sourceId);
        var points = new List<CredibilityHistoryPoint>();
        if (entries.Count > 0)
        {
            var now = current.At;
            var last = BucketStart(new DateTimeOffset(Math.Max(entries[^1].At, now.UtcTicks), TimeSpan.Zero), bucket);
            var start = BucketStart(new DateTimeOffset(entries[0].At, TimeSpan.Zero), bucket);
            // Only the most recent buckets when the record is longer than an answer should be.
            var earliest = Next(last, bucket, 1 - MaxHistoryPoints);
            start = start < earliest ? earliest : start;
            for (var at = start; at <= last; at = Next(at, bucket, 1))
            {
                var end = Next(at, bucket, 1);
                var asOf = end < now ? end : now;
                var counted = entries.TakeWhile(e => e.At < end.UtcTicks).ToList();
                var (weight, weightedTrue) = (0.0, 0.0);
                foreach (var e in counted)
                {
                    var w = e.Weight * Decay(e.At, asOf);
                    (weight, weightedTrue) = (weight + w, weightedTrue + (w * e.Truth));
                }
                var score = Summarize(prior, weight, weightedTrue);
                points.Add(new CredibilityHistoryPoint(at, end, score.Mean, score.Interval, score.Status, weight,
                    counted.Select(e => e.Claim).Distinct().Count()));
            }
        }
        return new CredibilityHistoryResponse(source, bucket, points, Method);
    }

    public async Task<CredibilityRankingsResponse> RankAsync(
        SourceKind? kind, double? minEvidence, int limit, long? affiliationId, RankingGroupBy? groupBy, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        var threshold = minEvidence ?? options.MinEvidence;
        // Kind, affiliation and threshold first, so only the sources that can rank need their interval.
        var items = index.Read(x => current.Sources()
            .Where(s => x.KindOf(s) is { } k && (kind is null || k == kind) && (affiliationId is null || current.AffiliationOf(s) == affiliationId))
            .Select(s => (Id: s, Score: current.Score(s)))
            .Where(s => s.Score.Weight + WeightTolerance >= threshold)
            .OrderByDescending(s => s.Score.Interval.Low).ThenByDescending(s => s.Score.Mean).ThenBy(s => s.Id)
            .Take(limit)
            .Select((s, i) => new CredibilityRanking(i + 1, x.SourceOf(s.Id)!, s.Score.Mean, s.Score.Interval, s.Score.Weight, current.ClaimCount(s.Id),
                current.AffiliationOf(s.Id) is var a and not 0 ? a : null))
            .ToList());
        var groups = groupBy is RankingGroupBy.Affiliation ? GroupByAffiliation(current, items) : null;
        return new CredibilityRankingsResponse(kind, threshold, items, Method, affiliationId, groups);
    }

    /// <summary>Ranked items by affiliation: each affiliation with its pooled score, best first by the pool's lower bound; those without one last.</summary>
    private List<CredibilityRankingGroup> GroupByAffiliation(Snapshot current, List<CredibilityRanking> items) =>
        index.Read(x => items
            .GroupBy(i => i.AffiliationId ?? 0)
            .Select(g =>
            {
                if (g.Key == 0)
                {
                    return (Low: double.NegativeInfinity, Group: new CredibilityRankingGroup(null, null, null, 0, [.. g]));
                }
                var pool = current.PoolScore((int)g.Key);
                return (Low: pool.Interval.Low, Group: new CredibilityRankingGroup(x.SourceOf(g.Key), pool.Mean, pool.Interval, pool.Weight, [.. g]));
            })
            .OrderByDescending(g => g.Low).ThenByDescending(g => g.Group.Score ?? -1).ThenBy(g => g.Group.Affiliation?.Id ?? long.MaxValue)
            .Select(g => g.Group)
            .ToList());

    /// <summary>A prior as the first contribution of a score: its mean as the truth, its strength as the weight.</summary>
    private static CredibilityContribution PriorContribution(Prior prior, PriorBasis basis, SourceRef? affiliation, string? topic) =>
        new(null, null, prior.Mean, prior.Strength, null, null, null, ContributionKind.Prior,
            new CredibilityPrior(basis, affiliation, topic, prior.Mean, prior.Strength, prior.Alpha, prior.Beta, prior.PooledWeight));

    private static DateTimeOffset BucketStart(DateTimeOffset at, HistoryBucket bucket)
    {
        var utc = at.UtcDateTime;
        return bucket switch
        {
            HistoryBucket.Year => new DateTimeOffset(utc.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
            HistoryBucket.Quarter => new DateTimeOffset(utc.Year, (((utc.Month - 1) / 3) * 3) + 1, 1, 0, 0, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    private static DateTimeOffset Next(DateTimeOffset start, HistoryBucket bucket, int count)
    {
        var months = count * bucket switch { HistoryBucket.Year => 12, HistoryBucket.Quarter => 3, _ => 1 };
        // DateTimeOffset.MinValue and MaxValue bound what a bucket can be.
        var total = (start.Year * 12) + start.Month - 1 + months;
        return total < 12 ? DateTimeOffset.MinValue : total >= 9999 * 12 ? DateTimeOffset.MaxValue : start.AddMonths(months);
    }
}
