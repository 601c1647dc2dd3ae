using System.Runtime.InteropServices;
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

    private double Decay(long reviewedAt, DateTimeOffset asOf)
    {
        if (options.HalfLifeDays is not { } halfLife)
        {
            return 1;
        }
        var days = Math.Max(0, (asOf.UtcTicks - reviewedAt) / (double)TimeSpan.TicksPerDay);
        return Math.Pow(0.5, days / halfLife);
    }

    /// <summary>The configured Beta prior, for sources without an affiliation.</summary>
    private Prior BasePrior { get; } = new(options.PriorAlpha, options.PriorBeta, 0, 0, 0);

    /// <summary>The Beta posterior's parameters: the prior plus the weighted true and false evidence.</summary>
    private static (double Alpha, double Beta) Posterior(Prior prior, double weight, double weightedTrue) =>
        (prior.Alpha + weightedTrue, prior.Beta + (weight - weightedTrue));

    private Score Summarize(Prior prior, double weight, double weightedTrue)
    {
        var (alpha, beta) = Posterior(prior, weight, weightedTrue);
        var status = weight > 0 && weight + WeightTolerance >= options.MinEvidence ? CredibilityStatus.Scored : CredibilityStatus.InsufficientEvidence;
        return new Score(alpha, beta, status, weight, weightedTrue, prior);
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
            return Snapshot.Create(this, indexVersion, graphVersion, now, x.SourceLimit, entries, spans, Affiliations.Of(x));
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
}
