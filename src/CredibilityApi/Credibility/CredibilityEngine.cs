using CredibilityApi.Chains;
using CredibilityApi.Claims;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;

namespace CredibilityApi.Credibility;

/// <summary>
/// Scores every source from the verdicts on the claims it spoke, relayed or published, in one
/// pass over the rated claims of the in-memory index. The result is cached and recomputed on the
/// first read after the index or the graph took in a change, so a write shows on the next read.
/// </summary>
public sealed class CredibilityEngine(ClaimIndex index, ClaimGraph graph, CredibilityOptions options, TimeProvider time) : IDisposable
{
    public const int MaxContributions = 10;
    public const int MaxHistoryPoints = 600;

    private const double Tail = (1 - CredibilityOptions.IntervalMass) / 2;

    // Summed weights carry rounding (½ + ¼ + … or decayed weights); a threshold met in exact arithmetic must count as met.
    private const double WeightTolerance = 1e-9;

    // With decay every score drifts as time passes, even without writes.
    private static readonly TimeSpan DecayRefresh = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private volatile Snapshot? snapshot;

    public CredibilityMethod Method { get; } = options.Method;

    public async Task<SourceCredibilityResponse?> GetAsync(long sourceId, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (index.Read(x => x.SourceOf(sourceId)) is not { } source)
        {
            return null;
        }
        var entries = current.Entries(sourceId);
        var score = current.Score(sourceId);
        var contributions = entries
            .Select(e => (Entry: e, Weight: e.Weight * current.Decay(e.At)))
            .OrderByDescending(c => c.Weight * Math.Abs(c.Entry.Truth - score.Mean)).ThenBy(c => c.Entry.Claim)
            .Take(MaxContributions)
            .Select(c => new CredibilityContribution(c.Entry.Claim, c.Entry.Rating, c.Entry.Truth, c.Weight, c.Entry.Role,
                new DateTimeOffset(c.Entry.At, TimeSpan.Zero), c.Entry.Denies))
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
        var entries = current.Entries(sourceId).OrderBy(e => e.At).ToList();
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
        var items = index.Read(x => current.Scores
            .Where(s => s.Value.Weight > 0 && s.Value.Weight + WeightTolerance >= threshold)
            .Where(s => x.KindOf(s.Key) is { } k && (kind is null || k == kind))
            .OrderByDescending(s => s.Value.Interval.Low).ThenByDescending(s => s.Value.Mean).ThenBy(s => s.Key)
            .Take(limit)
            .Select((s, i) => new CredibilityRanking(i + 1, x.SourceOf(s.Key)!, s.Value.Mean, s.Value.Interval, s.Value.Weight,
                current.Entries(s.Key).Select(e => e.Claim).Distinct().Count()))
            .ToList());
        return new CredibilityRankingsResponse(kind, threshold, items, Method);
    }

    /// <summary>The current standing of each of these sources, for views that show many at once (provenance).</summary>
    public async Task<IReadOnlyDictionary<long, CredibilitySummary>> SummariesAsync(IEnumerable<long> sourceIds, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        return sourceIds.Distinct().ToDictionary(id => id, id =>
        {
            var score = current.Score(id);
            return new CredibilitySummary(score.Mean, score.Interval.Low, score.Interval.High, score.Status);
        });
    }

    /// <summary>Every source with evidence: the Beta posterior's mean and the evidence weight behind it (truth discovery starts from these).</summary>
    public async Task<IReadOnlyDictionary<long, (double Mean, double Weight)>> EvidenceAsync(CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        return current.Scores.ToDictionary(s => s.Key, s => (s.Value.Mean, s.Value.Weight));
    }

    public void Dispose() => refresh.Dispose();

    /// <summary>Truth per rating; null for unrated and unverifiable, which count for nothing.</summary>
    public static double? Truth(ClaimStatus status) => status switch
    {
        ClaimStatus.True => 1,
        ClaimStatus.MostlyTrue => 0.75,
        ClaimStatus.Mixed => 0.5,
        ClaimStatus.MostlyFalse => 0.25,
        ClaimStatus.False => 0,
        _ => null,
    };

    private static Rating RatingOf(ClaimStatus status) => status switch
    {
        ClaimStatus.True => Rating.True,
        ClaimStatus.MostlyTrue => Rating.MostlyTrue,
        ClaimStatus.Mixed => Rating.Mixed,
        ClaimStatus.MostlyFalse => Rating.MostlyFalse,
        ClaimStatus.False => Rating.False,
        _ => Rating.Unverifiable,
    };

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

    private double Decay(long reviewedAt, DateTimeOffset asOf)
    {
        if (options.HalfLifeDays is not { } halfLife)
        {
            return 1;
        }
        var days = Math.Max(0, (asOf.UtcTicks - reviewedAt) / (double)TimeSpan.TicksPerDay);
        return Math.Pow(0.5, days / halfLife);
    }

    private Score Summarize(double weight, double weightedTrue)
    {
        var alpha = options.PriorAlpha + weightedTrue;
        var beta = options.PriorBeta + (weight - weightedTrue);
        var status = weight > 0 && weight + WeightTolerance >= options.MinEvidence ? CredibilityStatus.Scored : CredibilityStatus.InsufficientEvidence;
        return new Score(alpha, beta, status, weight, weightedTrue);
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        // The graph first, as chains do: every claim a relation names was committed before it.
        await graph.SyncAsync(ct);
        await index.SyncAsync(ct);
        if (snapshot is { } fresh && IsFresh(fresh))
        {
            return fresh;
        }
        await refresh.WaitAsync(ct);
        try
        {
            if (snapshot is { } computed && IsFresh(computed))
            {
                return computed;
            }
            return snapshot = Compute();
        }
        finally
        {
            refresh.Release();
        }
    }

    private bool IsFresh(Snapshot s) =>
        s.IndexVersion == index.Version && s.GraphVersion == graph.Version
        && (options.HalfLifeDays is null || time.GetUtcNow() - s.At < DecayRefresh);

    /// <summary>One pass over the rated claims: each one's truth goes to every source on its attribution path.</summary>
    private Snapshot Compute()
    {
        // Versions before the data: a change that lands in between is then recomputed once more, never missed.
        var (indexVersion, graphVersion, now) = (index.Version, graph.Version, time.GetUtcNow());
        var entries = new Dictionary<long, List<Entry>>();
        graph.Read(g => index.Read(x =>
        {
            var path = new List<int>();
            var edges = new List<GraphEdge>();
            var denials = new Dictionary<long, List<(long Denied, ClaimStatus Status, double Truth, long At)>>();
            foreach (var (claim, status, at) in x.RatedClaims())
            {
                if (Truth(status) is not { } truth)
                {
                    continue;
                }
                Attribute(x, path, entries, new Entry(claim, RatingOf(status), truth, 1, default, at, null, false));
                g.Neighbours(claim, edges);
                foreach (var edge in edges.Where(e => e.Type == RelationType.Denies && e.To == claim && e.From != claim))
                {
                    // A denial with a verdict of its own is scored by that verdict instead.
                    if (x.StatusOf(edge.From) == ClaimStatus.Unrated)
                    {
                        if (!denials.TryGetValue(edge.From, out var denied))
                        {
                            denials[edge.From] = denied = [];
                        }
                        denied.Add((claim, status, truth, at));
                    }
                }
            }
            foreach (var (denial, denied) in denials)
            {
                // A denial of several rated claims weighs 1 in all, shared among them, like any one claim.
                var distinct = denied.DistinctBy(d => d.Denied).ToList();
                foreach (var d in distinct)
                {
                    Attribute(x, path, entries, new Entry(denial, RatingOf(d.Status), 1 - d.Truth, 1.0 / distinct.Count, default, d.At, d.Denied, false));
                }
            }
            return 0;
        }));
        return new Snapshot(this, indexVersion, graphVersion, now, entries);
    }

    /// <summary>
    /// Spreads one claim's evidence over its attribution path: weight 1 for the speaker and each hop
    /// the decay of the one before, except that an anonymous speaker owns nothing and the first
    /// named source after it takes weight 1 (who cites unnamed sources owns the claim). A source on
    /// the path twice takes its first, heaviest, place only.
    /// </summary>
    private void Attribute(ClaimIndex x, List<int> path, Dictionary<long, List<Entry>> entries, Entry claim)
    {
        var relays = x.AttributionOf(claim.Claim, path);
        if (path.Count == 0)
        {
            return;
        }
        var owner = 0;
        while (owner < path.Count && x.KindOf(path[owner]) == SourceKind.Anonymous)
        {
            owner++;
        }
        // Nobody named on the path: the anonymous speaker keeps the claim.
        owner = owner == path.Count ? 0 : owner;
        var anonymousSpeaker = x.KindOf(path[0]) == SourceKind.Anonymous;
        var weight = claim.Weight;
        for (var i = owner; i < path.Count; i++, weight *= options.RelayDecay)
        {
            if (path.IndexOf(path[i]) < i)
            {
                continue;
            }
            var role = i == 0 ? EvidenceRole.Speaker : i <= relays ? EvidenceRole.Relay : EvidenceRole.Publisher;
            if (!entries.TryGetValue(path[i], out var list))
            {
                entries[path[i]] = list = [];
            }
            list.Add(claim with { Weight = weight, Role = role, AnonymousSpeaker = anonymousSpeaker });
        }
    }

    private readonly record struct Entry(
        long Claim, Rating Rating, double Truth, double Weight, EvidenceRole Role, long At, long? Denies, bool AnonymousSpeaker);

    private sealed class Score(double alpha, double beta, CredibilityStatus status, double weight, double weightedTrue)
    {
        private CredibilityInterval? interval;

        public double Mean { get; } = BetaDistribution.Mean(alpha, beta);

        /// <summary>
        /// Quantiles are the costly part of a score and most sources are not asked for theirs
        /// between two writes, so each is found on first use (a race computes the same value twice).
        /// </summary>
        public CredibilityInterval Interval =>
            interval ??= new CredibilityInterval(BetaDistribution.Quantile(Tail, alpha, beta), BetaDistribution.Quantile(1 - Tail, alpha, beta));

        public CredibilityStatus Status { get; } = status;

        public double Weight { get; } = weight;

        public double WeightedTrue { get; } = weightedTrue;
    }

    /// <summary>Every source's evidence and score as of one version of the index and graph.</summary>
    private sealed class Snapshot
    {
        private readonly CredibilityEngine engine;
        private readonly Dictionary<long, List<Entry>> entries;
        private readonly Score none;

        public Snapshot(CredibilityEngine engine, long indexVersion, long graphVersion, DateTimeOffset at, Dictionary<long, List<Entry>> entries)
        {
            (this.engine, this.entries, IndexVersion, GraphVersion, At) = (engine, entries, indexVersion, graphVersion, at);
            none = engine.Summarize(0, 0);
            Scores = entries.ToDictionary(e => e.Key, e =>
            {
                var (weight, weightedTrue) = (0.0, 0.0);
                foreach (var entry in e.Value)
                {
                    var w = entry.Weight * Decay(entry.At);
                    (weight, weightedTrue) = (weight + w, weightedTrue + (w * entry.Truth));
                }
                return engine.Summarize(weight, weightedTrue);
            });
        }

        public long IndexVersion { get; }

        public long GraphVersion { get; }

        public DateTimeOffset At { get; }

        public Dictionary<long, Score> Scores { get; }

        public double Decay(long reviewedAt) => engine.Decay(reviewedAt, At);

        public IReadOnlyList<Entry> Entries(long source) => entries.TryGetValue(source, out var list) ? list : [];

        public Score Score(long source) => Scores.TryGetValue(source, out var score) ? score : none;
    }
}
