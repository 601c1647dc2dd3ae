using System.Runtime.InteropServices;
using CredibilityApi.Chains;
using CredibilityApi.Claims;
using CredibilityApi.Reads;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;

namespace CredibilityApi.Credibility;

/// <summary>
/// Scores every source from the verdicts on the claims it spoke, relayed or published, in one
/// pass over the rated claims of the in-memory index. The result is cached and brought up to date
/// on the first read after a write, so a write shows on the next read: claim and verdict writes
/// move it on by the claims they changed; relation and source writes, or many changes at once,
/// have it computed afresh.
/// </summary>
public sealed partial class CredibilityEngine(ReadModel model, CredibilityOptions options, TimeProvider time, ILogger<CredibilityEngine> logger)
    : IDisposable
{
    public const int MaxContributions = 10;

    /// <summary>Beyond this many claims written since the last computation, scores are computed afresh rather than moved on.</summary>
    public const int MaxIncrementalClaims = 2_000;

    /// <summary>Claims moved on since the last full computation before the next read computes afresh (keeps the overlay small).</summary>
    private const int MaxOverlay = 20_000;
    public const int MaxHistoryPoints = 600;

    private const double Tail = (1 - CredibilityOptions.IntervalMass) / 2;

    // Summed weights carry rounding (½ + ¼ + … or decayed weights); a threshold met in exact arithmetic must count as met.
    private const double WeightTolerance = 1e-9;

    // With decay every score drifts as time passes, even without writes.
    private static readonly TimeSpan DecayRefresh = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private volatile Snapshot? snapshot;

    public CredibilityMethod Method { get; } = options.Method;

    // As caught up by the model; every path here reads them after CurrentAsync has caught it up.
    private ClaimIndex index => model.Index;

    private ClaimGraph graph => model.Graph;

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

    /// <summary>
    /// Each source's Beta posterior mean and the evidence weight behind it, null for a source
    /// without evidence (truth discovery starts from these). Read straight from the sums: no score
    /// is built, so a pass over every source leaves nothing behind.
    /// </summary>
    public async Task<Func<int, (double Mean, double Weight)?>> EvidenceAsync(CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        return current.Evidence;
    }

    /// <summary>Computes the scores now (start-up, before it reports ready), so the first read does not.</summary>
    public Task WarmAsync(CancellationToken ct) => CurrentAsync(ct);

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

    // The truth of each rating, read off the statuses ratings come from, so the two scales cannot drift apart.
    private static readonly double[] RatingTruth = Enum.GetValues<ClaimStatus>()
        .Where(s => Truth(s) is not null)
        .Aggregate(new double[Enum.GetValues<Rating>().Length], (table, s) =>
        {
            table[(int)RatingOf(s)] = Truth(s)!.Value;
            return table;
        });

    private static double TruthOf(Rating rating) => RatingTruth[(int)rating];

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

    /// <summary>The Beta posterior's parameters: the prior plus the weighted true and false evidence.</summary>
    private (double Alpha, double Beta) Posterior(double weight, double weightedTrue) =>
        (options.PriorAlpha + weightedTrue, options.PriorBeta + (weight - weightedTrue));

    private Score Summarize(double weight, double weightedTrue)
    {
        var (alpha, beta) = Posterior(weight, weightedTrue);
        var status = weight > 0 && weight + WeightTolerance >= options.MinEvidence ? CredibilityStatus.Scored : CredibilityStatus.InsufficientEvidence;
        return new Score(alpha, beta, status, weight, weightedTrue);
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        await model.CurrentAsync(ct);
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
            return snapshot = Update(snapshot) ?? Compute();
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
    /// Every source's evidence from scratch: each rated claim is a unit of evidence, and so is each
    /// unrated claim that denies a rated one.
    /// </summary>
    private Snapshot Compute()
    {
        // Versions before the data: a change that lands in between is then recomputed once more, never missed.
        var (indexVersion, graphVersion, now) = (index.Version, graph.Version, time.GetUtcNow());
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var computed = graph.Read(g => index.Read(x =>
        {
            var units = new HashSet<int>();
            var edges = new List<GraphEdge>();
            foreach (var (claim, status, _) in x.RatedClaims())
            {
                if (Truth(status) is null)
                {
                    continue;
                }
                AddWithDenials(g, claim, units, edges);
            }
            // Counted first, then filled: at a million claims a list grown by doubling (or
            // reserved by a guess and trimmed) would hold up to twice the evidence while it copies.
            var evidence = new Evidence(this, x, g);
            var scratch = new List<Entry>();
            var total = 0;
            foreach (var unit in units)
            {
                scratch.Clear();
                evidence.Of(unit, scratch);
                total += scratch.Count;
            }
            var entries = new Entry[total];
            var spans = new Dictionary<int, (int Start, int Count)>(units.Count);
            var used = 0;
            foreach (var unit in units)
            {
                scratch.Clear();
                evidence.Of(unit, scratch);
                if (scratch.Count > 0)
                {
                    CollectionsMarshal.AsSpan(scratch).CopyTo(entries.AsSpan(used));
                    spans[unit] = (used, scratch.Count);
                    used += scratch.Count;
                }
            }
            return Snapshot.Create(this, indexVersion, graphVersion, now, x.SourceLimit, entries, spans);
        }));
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var sources = computed.Sources().Count();
        LogComputed(computed.Units, sources, elapsed);
        return computed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scores computed from scratch: {Units} units of evidence, {Sources} sources, {Milliseconds:F0} ms")]
    private partial void LogComputed(int units, int sources, double milliseconds);

    /// <summary>
    /// The snapshot moved on by the claims written since it was taken, when only claims changed and
    /// not too many: each changed claim, and every claim that denies one, has its old evidence taken
    /// out and its new evidence put in. Null when a full computation is needed instead.
    /// </summary>
    private Snapshot? Update(Snapshot? previous)
    {
        if (previous is null || previous.GraphVersion != graph.Version
            || (options.HalfLifeDays is not null && time.GetUtcNow() - previous.At >= DecayRefresh))
        {
            return null;
        }
        var indexVersion = index.Version;
        return graph.Read(g => index.Read(x =>
        {
            if (!x.ClaimsChangedSince(previous.IndexVersion, MaxIncrementalClaims, out var changed) || x.SourceLimit != previous.SourceLimit)
            {
                return null;
            }
            var units = new HashSet<int>();
            var edges = new List<GraphEdge>();
            foreach (var claim in changed)
            {
                AddWithDenials(g, claim, units, edges);
            }
            return previous.With(indexVersion, units, new Evidence(this, x, g));
        }));
    }

    /// <summary>Adds a claim and every claim that denies it: the units of evidence a change to the claim can touch.</summary>
    private static void AddWithDenials(ClaimGraph g, long claim, HashSet<int> units, List<GraphEdge> edges)
    {
        units.Add((int)claim);
        g.Neighbours(claim, edges);
        foreach (var edge in edges)
        {
            if (edge.Type == RelationType.Denies && edge.To == claim && edge.From != claim)
            {
                units.Add((int)edge.From);
            }
        }
    }

    /// <summary>What one unit of evidence (a rated claim, or an unrated denial of rated claims) gives each source on its path.</summary>
    private sealed class Evidence(CredibilityEngine engine, ClaimIndex x, ClaimGraph g)
    {
        private readonly List<int> path = [];
        private readonly List<GraphEdge> edges = [];
        private readonly List<(int Denied, ClaimStatus Status, double Truth, long At)> denied = [];

        /// <summary>
        /// A rated claim weighs 1 with its verdict's truth. An unrated claim that denies rated
        /// claims weighs 1 in all, shared among them, each share with 1 − t of what it denies. A
        /// denial with a verdict of its own is scored by that verdict instead; unverifiable counts for nothing.
        /// </summary>
        public void Of(int claim, List<Entry> into)
        {
            if (x.StatusOf(claim) is not { } status)
            {
                return;
            }
            if (Truth(status) is { } truth)
            {
                engine.Attribute(x, path, new Entry(x.ReviewedAt(claim), 1, claim, 0, 0, RatingOf(status), default, false), into);
                return;
            }
            if (status != ClaimStatus.Unrated)
            {
                return;
            }
            denied.Clear();
            g.Neighbours(claim, edges);
            foreach (var edge in edges)
            {
                if (edge.Type == RelationType.Denies && edge.From == claim && edge.To != claim
                    && x.StatusOf(edge.To) is { } rated && Truth(rated) is { } t && !Denies(edge.To))
                {
                    denied.Add(((int)edge.To, rated, t, x.ReviewedAt(edge.To)));
                }
            }
            foreach (var d in denied)
            {
                engine.Attribute(x, path, new Entry(d.At, 1.0 / denied.Count, claim, d.Denied, 0, RatingOf(d.Status), default, false), into);
            }
        }

        // A loop, not a lambda: this runs for every edge of every unit, and a capturing lambda allocates each time.
        private bool Denies(long claim)
        {
            foreach (var d in denied)
            {
                if (d.Denied == claim)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// Spreads one claim's evidence over its attribution path: weight 1 for the speaker and each hop
    /// the decay of the one before, except that an anonymous speaker owns nothing and the first
    /// named source after it takes weight 1 (who cites unnamed sources owns the claim). A source on
    /// the path twice takes its first, heaviest, place only.
    /// </summary>
    private void Attribute(ClaimIndex x, List<int> path, Entry claim, List<Entry> into)
    {
        var relays = x.AttributionOf(claim.Claim, path);
        if (path.Count == 0)
        {
            return;
        }
        var owner = x.OwnerOf(path);
        var anonymousSpeaker = x.KindOf(path[0]) == SourceKind.Anonymous;
        var weight = claim.Weight;
        for (var i = owner; i < path.Count; i++, weight *= options.RelayDecay)
        {
            if (path.IndexOf(path[i]) < i)
            {
                continue;
            }
            var role = i == 0 ? EvidenceRole.Speaker : i <= relays ? EvidenceRole.Relay : EvidenceRole.Publisher;
            into.Add(claim with { Weight = weight, Role = role, AnonymousSpeaker = anonymousSpeaker, Source = path[i] });
        }
    }

    /// <summary>A source's evidence summed: weight, weight · truth, and the claims it comes from.</summary>
    private struct Sums
    {
        public double Weight;
        public double WeightedTrue;
        public int Claims;
    }

    /// <summary>
    /// One contribution of a claim to a source's score; hundreds of thousands of them at a million
    /// claims, so 32 bytes each: the truth is not stored but follows from the rating (a denial
    /// takes 1 − t of the rating of what it denies).
    /// </summary>
    private readonly record struct Entry(
        long At, double Weight, int Claim, int Denies, int Source, Rating Rating, EvidenceRole Role, bool AnonymousSpeaker)
    {
        public double Truth => Denies == 0 ? TruthOf(Rating) : 1 - TruthOf(Rating);
    }

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
    /// Every source's evidence and score as of one version of the index and graph. Evidence is kept
    /// by unit (claim): a base from the last full computation, one array in unit order, and an
    /// overlay of the units changed since, each snapshot immutable once published. Sums and claim
    /// counts are arrays by source id; each score is built when first asked for.
    /// </summary>
    private sealed class Snapshot
    {
        private readonly CredibilityEngine engine;
        // Never changed once built; sized exactly by the computation.
        private readonly Entry[] entries;
        private readonly Dictionary<int, (int Start, int Count)> spans;
        // The units (claims) each source has evidence from in the base: unitStart[s] to unitStart[s + 1] in units.
        private readonly int[] unitStart;
        private readonly int[] units;
        private readonly Dictionary<int, Entry[]> overlay;
        private readonly PagedArray<Sums> sums;
        // Built for the sources asked about; shared with older snapshots for sources no change touched.
        private readonly PagedArray<Score?> scores;
        private readonly Score none;

        private Snapshot(
            CredibilityEngine engine, long indexVersion, long graphVersion, DateTimeOffset at, Entry[] entries,
            Dictionary<int, (int Start, int Count)> spans, int[] unitStart, int[] units, Dictionary<int, Entry[]> overlay,
            PagedArray<Sums> sums, PagedArray<Score?> scores)
        {
            (this.engine, this.entries, this.spans, this.unitStart, this.units, this.overlay) = (engine, entries, spans, unitStart, units, overlay);
            (this.sums, this.scores) = (sums, scores);
            (IndexVersion, GraphVersion, At) = (indexVersion, graphVersion, at);
            none = engine.Summarize(0, 0);
        }

        public static Snapshot Create(
            CredibilityEngine engine, long indexVersion, long graphVersion, DateTimeOffset at, int sources, Entry[] entries, Dictionary<int, (int Start, int Count)> spans)
        {
            // Each source's units, counted then filled (a source is on a denial's unit once per claim it denies: one unit).
            var unitStart = new int[sources + 1];
            ForEachSourceOfUnit(entries, spans, (source, _) => unitStart[source + 1]++);
            for (var s = 1; s <= sources; s++)
            {
                unitStart[s] += unitStart[s - 1];
            }
            var units = new int[unitStart[sources]];
            var next = unitStart[..^1];
            ForEachSourceOfUnit(entries, spans, (source, unit) => units[next[source]++] = unit);

            var snapshot = new Snapshot(engine, indexVersion, graphVersion, at, entries, spans, unitStart, units, [],
                new PagedArray<Sums>(sources), new PagedArray<Score?>(sources));
            foreach (var (_, span) in spans)
            {
                snapshot.Add(entries.AsSpan(span.Start, span.Count), 1);
            }
            return snapshot;
        }

        public long IndexVersion { get; }

        public long GraphVersion { get; }

        public DateTimeOffset At { get; }

        public int SourceLimit => sums.Length;

        /// <summary>How many claims give evidence (rated claims, and unrated denials of them) in the base.</summary>
        public int Units => spans.Count;

        /// <summary>
        /// A new snapshot with the evidence of <paramref name="changed"/> units taken anew; null when the
        /// overlay has grown large enough that a full computation is due.
        /// </summary>
        public Snapshot? With(long indexVersion, IReadOnlyCollection<int> changed, Evidence evidence)
        {
            if (overlay.Count + changed.Count > MaxOverlay)
            {
                return null;
            }
            var next = new Snapshot(engine, indexVersion, GraphVersion, At, entries, spans, unitStart, units, new Dictionary<int, Entry[]>(overlay),
                sums.Fork(), scores.Fork());
            var fresh = new List<Entry>();
            foreach (var unit in changed)
            {
                next.Add(Unit(unit), -1);
                fresh.Clear();
                evidence.Of(unit, fresh);
                next.overlay[unit] = [.. fresh];
                next.Add(next.overlay[unit], 1);
            }
            return next;
        }

        /// <summary>Every source with any evidence.</summary>
        public IEnumerable<long> Sources()
        {
            for (var s = 0; s < sums.Length; s++)
            {
                if (sums[s].Claims > 0)
                {
                    yield return s;
                }
            }
        }

        public double Decay(long reviewedAt) => engine.Decay(reviewedAt, At);

        /// <summary>A source's contributions: from its units in the base, unless changed since, and from the changed units.</summary>
        public List<Entry> Entries(long source)
        {
            var found = new List<Entry>();
            if (source < 0 || source >= sums.Length)
            {
                return found;
            }
            for (var i = unitStart[source]; i < unitStart[source + 1]; i++)
            {
                if (!overlay.ContainsKey(units[i]))
                {
                    var span = spans[units[i]];
                    Collect(entries.AsSpan(span.Start, span.Count), source, found);
                }
            }
            foreach (var unitEntries in overlay.Values)
            {
                Collect(unitEntries, source, found);
            }
            return found;
        }

        /// <summary>A source's posterior mean and evidence weight, or null without evidence.</summary>
        public (double Mean, double Weight)? Evidence(int source)
        {
            if (source < 0 || source >= sums.Length || sums[source].Claims == 0)
            {
                return null;
            }
            var (alpha, beta) = engine.Posterior(sums[source].Weight, sums[source].WeightedTrue);
            return (BetaDistribution.Mean(alpha, beta), sums[source].Weight);
        }

        /// <summary>How many distinct claims a source's evidence comes from.</summary>
        public int ClaimCount(long source) => source >= 0 && source < sums.Length ? sums[(int)source].Claims : 0;

        public Score Score(long source)
        {
            if (source < 0 || source >= sums.Length)
            {
                return none;
            }
            var s = (int)source;
            return scores[s] ?? (scores.Shared(s) = engine.Summarize(sums[s].Weight, sums[s].WeightedTrue));
        }

        private ReadOnlySpan<Entry> Unit(int unit) =>
            overlay.TryGetValue(unit, out var changed) ? changed
            : spans.TryGetValue(unit, out var span) ? entries.AsSpan(span.Start, span.Count)
            : [];

        /// <summary>Adds (sign 1) or takes out (sign −1) one unit's contributions; a unit is one claim to each source on it.</summary>
        private void Add(ReadOnlySpan<Entry> unit, int sign)
        {
            for (var i = 0; i < unit.Length; i++)
            {
                var e = unit[i];
                var w = e.Weight * Decay(e.At);
                ref var sum = ref sums.At(e.Source);
                sum.Weight += sign * w;
                sum.WeightedTrue += sign * w * e.Truth;
                scores.At(e.Source) = null;
                // A denial of several claims gives a source one entry per claim it denies: still one claim.
                if (!Before(unit, i, e.Source))
                {
                    sum.Claims += sign;
                }
            }
            foreach (var e in unit)
            {
                ref var sum = ref sums.At(e.Source);
                if (sum.Claims == 0)
                {
                    // Nothing left: no rounding residue either.
                    (sum.Weight, sum.WeightedTrue) = (0, 0);
                }
            }
        }

        /// <summary>Calls <paramref name="visit"/> once for each (source, unit) pair, in unit order.</summary>
        private static void ForEachSourceOfUnit(Entry[] entries, Dictionary<int, (int Start, int Count)> spans, Action<int, int> visit)
        {
            foreach (var (unit, span) in spans)
            {
                var slice = entries.AsSpan(span.Start, span.Count);
                for (var i = 0; i < slice.Length; i++)
                {
                    if (!Before(slice, i, slice[i].Source))
                    {
                        visit(slice[i].Source, unit);
                    }
                }
            }
        }

        private static bool Before(ReadOnlySpan<Entry> unit, int i, int source)
        {
            for (var j = 0; j < i; j++)
            {
                if (unit[j].Source == source)
                {
                    return true;
                }
            }
            return false;
        }

        private static void Collect(ReadOnlySpan<Entry> unit, long source, List<Entry> into)
        {
            foreach (var e in unit)
            {
                if (e.Source == source)
                {
                    into.Add(e);
                }
            }
        }
    }
}
