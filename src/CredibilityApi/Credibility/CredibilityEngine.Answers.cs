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
        var entries = current.Entries(sourceId).ToArray();
        var score = current.Score(sourceId);
        var contributions = entries
            .Select(e => (Entry: e, Weight: e.Weight * current.Decay(e.At)))
            .OrderByDescending(c => c.Weight * Math.Abs(c.Entry.Truth - score.Mean)).ThenBy(c => c.Entry.Claim)
            .Take(MaxContributions)
            .Select(c => new CredibilityContribution(c.Entry.Claim, c.Entry.Rating, c.Entry.Truth, c.Weight, c.Entry.Role,
                new DateTimeOffset(c.Entry.At, TimeSpan.Zero), c.Entry.Denies == 0 ? null : c.Entry.Denies))
            .ToList();
        var claims = entries.Select(e => e.Claim).Distinct().Count();
        int ClaimsAs(EvidenceRole role) => entries.Where(e => e.Role == role).Select(e => e.Claim).Distinct().Count();
        var anonymous = entries.Where(e => e.AnonymousSpeaker).Select(e => e.Claim).Distinct().Count();
        var evidence = new CredibilityEvidence(score.Weight, score.WeightedTrue, score.Weight - score.WeightedTrue, claims,
            ClaimsAs(EvidenceRole.Speaker), ClaimsAs(EvidenceRole.Relay), ClaimsAs(EvidenceRole.Publisher),
            claims == 0 ? 0 : (double)anonymous / claims);
        return new SourceCredibilityResponse(source, score.Mean, score.Interval, score.Status, evidence, contributions, Method);
    }

    public async Task<CredibilityHistoryResponse?> GetHistoryAsync(long sourceId, HistoryBucket bucket, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (index.Read(x => x.SourceOf(sourceId)) is not { } source)
        {
            return null;
        }
        var entries = current.Entries(sourceId).ToArray().OrderBy(e => e.At).ToList();
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
                var score = Summarize(weight, weightedTrue);
                points.Add(new CredibilityHistoryPoint(at, end, score.Mean, score.Interval, score.Status, weight,
                    counted.Select(e => e.Claim).Distinct().Count()));
            }
        }
        return new CredibilityHistoryResponse(source, bucket, points, Method);
    }

    public async Task<CredibilityRankingsResponse> RankAsync(SourceKind? kind, double? minEvidence, int limit, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        var threshold = minEvidence ?? options.MinEvidence;
        // Kind and threshold first, so only the sources that can rank need their interval.
        var items = index.Read(x => current.Sources()
            .Where(s => x.KindOf(s) is { } k && (kind is null || k == kind))
            .Select(s => (Id: s, Score: current.Score(s)))
            .Where(s => s.Score.Weight + WeightTolerance >= threshold)
            .OrderByDescending(s => s.Score.Interval.Low).ThenByDescending(s => s.Score.Mean).ThenBy(s => s.Id)
            .Take(limit)
            .Select((s, i) => new CredibilityRanking(i + 1, x.SourceOf(s.Id)!, s.Score.Mean, s.Score.Interval, s.Score.Weight, current.ClaimCount(s.Id)))
            .ToList());
        return new CredibilityRankingsResponse(kind, threshold, items, Method);
    }

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
