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
        return current.Sources().ToDictionary(s => s, s => current.Score(s) is var score ? (score.Mean, score.Weight) : default);
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

    /// <summary>
    /// Two passes over the rated claims (and the unrated denials of rated claims): the first counts
    /// each source's contributions, the second writes them into one flat array grouped by source,
    /// so a million claims cost a few arrays, not a list per source.
    /// </summary>
    private Snapshot Compute()
    {
        // Versions before the data: a change that lands in between is then recomputed once more, never missed.
        var (indexVersion, graphVersion, now) = (index.Version, graph.Version, time.GetUtcNow());
        return graph.Read(g => index.Read(x =>
        {
            var evidence = RatedEvidence(x, g);
            var sources = x.SourceLimit;
            var path = new List<int>();
            var start = new int[sources + 1];
            foreach (var claim in evidence)
            {
                Attribute(x, path, claim, (source, _) => start[source + 1]++);
            }
            for (var i = 1; i <= sources; i++)
            {
                start[i] += start[i - 1];
            }
            var entries = new Entry[start[sources]];
            var next = start[..^1];
            foreach (var claim in evidence)
            {
                Attribute(x, path, claim, (source, entry) => entries[next[source]++] = entry);
            }
            return new Snapshot(this, indexVersion, graphVersion, now, start, entries);
        }));
    }

    /// <summary>
    /// One entry of weight 1 per rated claim, and per unrated denial of rated claims one entry per
    /// claim it denies, weighing 1 in all: a denial of several rated claims counts like any one claim.
    /// A denial with a verdict of its own is scored by that verdict instead.
    /// </summary>
    private static List<Entry> RatedEvidence(ClaimIndex x, ClaimGraph g)
    {
        var evidence = new List<Entry>();
        var edges = new List<GraphEdge>();
        var denials = new Dictionary<int, List<Entry>>();
        foreach (var (claim, status, at) in x.RatedClaims())
        {
            if (Truth(status) is not { } truth)
            {
                continue;
            }
            evidence.Add(new Entry(at, truth, 1, (int)claim, 0, RatingOf(status), default, false));
            g.Neighbours(claim, edges);
            foreach (var edge in edges.Where(e => e.Type == RelationType.Denies && e.To == claim && e.From != claim))
            {
                if (x.StatusOf(edge.From) != ClaimStatus.Unrated)
                {
                    continue;
                }
                if (!denials.TryGetValue((int)edge.From, out var denied))
                {
                    denials[(int)edge.From] = denied = [];
                }
                if (!denied.Exists(d => d.Denies == claim))
                {
                    denied.Add(new Entry(at, 1 - truth, 1, (int)edge.From, (int)claim, RatingOf(status), default, false));
                }
            }
        }
        foreach (var denied in denials.Values)
        {
            evidence.AddRange(denied.Select(d => d with { Weight = 1.0 / denied.Count }));
        }
        return evidence;
    }

    /// <summary>
    /// Spreads one claim's evidence over its attribution path: weight 1 for the speaker and each hop
    /// the decay of the one before, except that an anonymous speaker owns nothing and the first
    /// named source after it takes weight 1 (who cites unnamed sources owns the claim). A source on
    /// the path twice takes its first, heaviest, place only.
    /// </summary>
    private void Attribute(ClaimIndex x, List<int> path, Entry claim, Action<int, Entry> add)
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
            add(path[i], claim with { Weight = weight, Role = role, AnonymousSpeaker = anonymousSpeaker });
        }
    }

    /// <summary>One contribution to a source's score; 40 bytes, hundreds of thousands of them at a million claims.</summary>
    private readonly record struct Entry(
        long At, double Truth, double Weight, int Claim, int Denies, Rating Rating, EvidenceRole Role, bool AnonymousSpeaker);

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

    /// <summary>
    /// Every source's evidence and score as of one version of the index and graph: contributions
    /// in one array grouped by source (<c>start[s]</c> to <c>start[s + 1]</c>), sums in arrays by
    /// source id, each score built when asked for.
    /// </summary>
    private sealed class Snapshot
    {
        private readonly CredibilityEngine engine;
        private readonly int[] start;
        private readonly Entry[] entries;
        private readonly double[] weight;
        private readonly double[] weightedTrue;
        // Built for the sources asked about (a race builds one twice, to the same effect).
        private readonly Score?[] scores;
        private readonly Score none;

        public Snapshot(CredibilityEngine engine, long indexVersion, long graphVersion, DateTimeOffset at, int[] start, Entry[] entries)
        {
            (this.engine, this.start, this.entries, IndexVersion, GraphVersion, At) = (engine, start, entries, indexVersion, graphVersion, at);
            var sources = start.Length - 1;
            (weight, weightedTrue, scores, none) = (new double[sources], new double[sources], new Score?[sources], engine.Summarize(0, 0));
            for (var s = 0; s < sources; s++)
            {
                for (var i = start[s]; i < start[s + 1]; i++)
                {
                    var w = entries[i].Weight * Decay(entries[i].At);
                    (weight[s], weightedTrue[s]) = (weight[s] + w, weightedTrue[s] + (w * entries[i].Truth));
                }
            }
        }

        public long IndexVersion { get; }

        public long GraphVersion { get; }

        public DateTimeOffset At { get; }

        /// <summary>Every source with any evidence.</summary>
        public IEnumerable<long> Sources()
        {
            for (var s = 0; s < weight.Length; s++)
            {
                if (weight[s] > 0)
                {
                    yield return s;
                }
            }
        }

        public double Decay(long reviewedAt) => engine.Decay(reviewedAt, At);

        public ReadOnlySpan<Entry> Entries(long source) =>
            source >= 0 && source < weight.Length ? entries.AsSpan(start[source], start[source + 1] - start[source]) : [];

        /// <summary>How many distinct claims a source's evidence comes from.</summary>
        public int ClaimCount(long source)
        {
            var claims = new HashSet<int>();
            foreach (var e in Entries(source))
            {
                claims.Add(e.Claim);
            }
            return claims.Count;
        }

        public Score Score(long source) =>
            source < 0 || source >= weight.Length ? none : scores[source] ??= engine.Summarize(weight[source], weightedTrue[source]);
    }
}
