using System.Runtime;
using CredibilityApi.Chains;
using CredibilityApi.Claims;
using CredibilityApi.Sources;

namespace CredibilityApi.Credibility;

/// <summary>
/// Truth discovery over the in-memory index: a belief in [0, 1] for every claim, from the trust
/// of the sources behind it and of those behind its competitors. Within a subject, quantities of
/// one unit compete value against value (close values lend each other support) and the other
/// claims compete stance against stance. The two sides of every chain compete as well, across
/// subjects (<see cref="ChainSides"/>): a denial of a well-supported claim is doubted, and a claim
/// in both competitions takes the mean of the two. A claim's confidence is the noisy-or of its
/// attribution path's trust, the speaker at full weight and each relay hop discounted, because a
/// relay only passes on what the speaker said (after an anonymous speaker, the first named source
/// weighs 1). A source's trust starts from its credibility (Beta posterior over verdicts) and takes
/// the beliefs of its unrated claims as soft evidence; the two are iterated to convergence, or for
/// <see cref="MaxRounds"/> rounds when trust keeps moving (on the population benchmark it does,
/// see BENCHMARKS.md). Rated claims enter with their verdict's truth and get no belief of
/// their own, and beliefs never reach credibility scores.
/// </summary>
/// <remarks>
/// Computed lazily like credibility: a read after a write starts a recomputation and waits for it
/// briefly; a large index keeps answering with the previous result (its <c>computedAt</c> says
/// when) while the new one is computed in the background, and after a slow pass the next one
/// waits four times that pass's length, so beliefs trail a stream of writes by seconds at a
/// million claims instead of taking the machine.
/// </remarks>
public sealed partial class BeliefEngine(
    ClaimIndex index, ClaimGraph graph, CredibilityEngine credibility, CredibilityOptions options, TimeProvider time, ILogger<BeliefEngine> logger)
    : IDisposable
{
    public const int MaxRounds = 20;
    public const double Convergence = 1e-6;

    /// <summary>Relative distance at which a close value lends a competitor 1/e of a claim's support.</summary>
    public const double SupportTolerance = 0.10;

    // Pairwise support is quadratic in the distinct values of one unit on a subject; beyond this many, values stand alone.
    private const int MaxSupportOptions = 512;

    private static readonly TimeSpan WaitForFresh = TimeSpan.FromSeconds(2);

    // A pass slower than this (a large index) is not started again until it has rested a few
    // times its own length, so a stream of writes cannot keep the machine recomputing.
    private static readonly TimeSpan SlowPass = TimeSpan.FromMilliseconds(200);
    private const int RestPerPass = 4;

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile BeliefSnapshot? snapshot;
    private Task<BeliefSnapshot>? running;
    private long restUntil;

    /// <summary>The latest beliefs: fresh when they can be computed within a short wait, else the previous ones.</summary>
    public async Task<BeliefSnapshot> CurrentAsync(CancellationToken ct)
    {
        await graph.SyncAsync(ct);
        await index.SyncAsync(ct);
        if (snapshot is { } fresh && IsFresh(fresh))
        {
            return fresh;
        }
        Task<BeliefSnapshot> task;
        await gate.WaitAsync(ct);
        try
        {
            if (snapshot is { } computed && IsFresh(computed))
            {
                return computed;
            }
            if (snapshot is { } rested && time.GetTimestamp() < Interlocked.Read(ref restUntil))
            {
                // The previous pass was slow and ended moments ago: its beliefs (with their computedAt) stand for now.
                return rested;
            }
            if (running is null || running.IsCompleted)
            {
                // Not tied to this request: a recomputation outlives a client that gives up.
                running = Task.Run(() => ComputeAsync(CancellationToken.None), CancellationToken.None);
            }
            task = running;
        }
        finally
        {
            gate.Release();
        }
        if (snapshot is { } previous)
        {
            var done = await Task.WhenAny(task, Task.Delay(WaitForFresh, ct));
            return done == task ? await task : previous;
        }
        return await task.WaitAsync(ct);
    }

    public void Dispose() => gate.Dispose();

    private bool IsFresh(BeliefSnapshot s) => s.IndexVersion == index.Version && s.GraphVersion == graph.Version;

    private async Task<BeliefSnapshot> ComputeAsync(CancellationToken ct)
    {
        // Versions before the data: a change that lands in between is recomputed once more, never missed.
        var (indexVersion, graphVersion) = (index.Version, graph.Version);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var evidence = await credibility.EvidenceAsync(ct);
        var scored = clock.Elapsed;
        // The graph first, then the index, as credibility reads them.
        var result = graph.Read(g => index.Read(x => Discover(g, x, evidence)));
        var computed = new BeliefSnapshot(indexVersion, graphVersion, time.GetUtcNow(), result.Beliefs, result.Options, result.Estimates, result.Rounds);
        snapshot = computed;
        LogComputed(result.Claims, result.Chains, result.Rounds, scored.TotalMilliseconds, (clock.Elapsed - scored).TotalMilliseconds);
        var slow = clock.Elapsed >= SlowPass;
        if (slow)
        {
            // A large pass leaves its working arrays (tens of MB at a million claims) behind as
            // garbage; give that memory back now rather than hold it until the GC next needs room.
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        var rest = slow ? clock.Elapsed * RestPerPass : TimeSpan.Zero;
        Interlocked.Exchange(ref restUntil, time.GetTimestamp() + (long)(rest.TotalSeconds * time.TimestampFrequency));
        return computed;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Beliefs computed: {Claims} claims, {Chains} chains, {Rounds} rounds; scores {ScoresMs:F0} ms, beliefs {BeliefsMs:F0} ms")]
    private partial void LogComputed(int claims, int chains, int rounds, double scoresMs, double beliefsMs);

    private static readonly float[] TruthOf =
        [.. Enum.GetValues<ClaimStatus>().OrderBy(s => (int)s).Select(s => (float)(CredibilityEngine.Truth(s) ?? double.NaN))];

    private sealed record Result(float[] Beliefs, float[] Options, Dictionary<int, (double Value, int Unit)> Estimates, int Rounds, int Claims, int Chains);

    /// <summary>
    /// What a claim competes on within its subject: its unit's number and value for a quantity it
    /// asserts, else partition -1 and its stance.
    /// </summary>
    private static (int Partition, double Value) KeyOf(ClaimIndex x, int claim)
    {
        var (_, stance, _, value, unit) = x.FactsOf(claim);
        return !double.IsNaN(value) && stance == Stance.Asserts ? (unit, value) : (-1, (double)stance);
    }

    /// <summary>
    /// The pass keeps claim ids, not copies of the claims: what a claim competes on, its status and
    /// its attribution are read from the index when needed, and every per-claim array is indexed by
    /// claim id, so the two answered arrays are working arrays too. About 25 bytes a claim at the
    /// peak (order, option starts, chain sides, three beliefs), where copies took about 70.
    /// </summary>
    /// <remarks>
    /// Compiled by the JIT straight to optimized code, never ahead of time: it runs once per pass,
    /// so a ReadyToRun body would never be replaced, and its loops are the pass's whole cost.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Result Discover(ClaimGraph g, ClaimIndex x, Func<int, (double Mean, double Weight)?> evidence)
    {
        var (count, maxClaim, maxSubject, maxSource) = (0, 0, 0, x.SourceLimit - 1);
        foreach (var c in x.Claims())
        {
            count++;
            (maxClaim, maxSubject) = (Math.Max(maxClaim, (int)c.Claim), Math.Max(maxSubject, c.Subject));
        }
        // Counted first, so every array is allocated once at its size. Subject s's claims take
        // places starts[s] .. starts[s + 1] of order; subject 0 is "none".
        var starts = new int[maxSubject + 2];
        foreach (var c in x.Claims())
        {
            starts[c.Subject + 1]++;
        }
        for (var s = 1; s < starts.Length; s++)
        {
            starts[s] += starts[s - 1];
        }
        var order = new int[count];
        var fill = (int[])starts.Clone();
        foreach (var c in x.Claims())
        {
            order[fill[c.Subject]++] = (int)c.Claim;
        }
        // Claims arrived in id order, so each subject's run is too; only its few claims need ordering.
        Comparison<int> withinSubject = (a, b) =>
        {
            var ((pa, va), (pb, vb)) = (KeyOf(x, a), KeyOf(x, b));
            var compared = pa.CompareTo(pb);
            compared = compared != 0 ? compared : va.CompareTo(vb);
            return compared != 0 ? compared : a.CompareTo(b);
        };
        for (var s = 1; s + 1 < starts.Length; s++)
        {
            if (starts[s + 1] - starts[s] > 1)
            {
                order.AsSpan(starts[s], starts[s + 1] - starts[s]).Sort(withinSubject);
            }
        }

        // Options: runs of equal (subject, partition, value) in order; partitions: runs of equal (subject, partition).
        var optionStart = new List<int>(count + 1);
        var partitionStart = new List<int>();
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            for (var i = starts[s]; i < starts[s + 1]; i++)
            {
                var (key, last) = (KeyOf(x, order[i]), i > starts[s] ? KeyOf(x, order[i - 1]) : default);
                var samePartition = s != 0 && i > starts[s] && key.Partition == last.Partition;
                if (!samePartition)
                {
                    partitionStart.Add(optionStart.Count);
                }
                if (!samePartition || key.Value != last.Value)
                {
                    optionStart.Add(i);
                }
            }
        }
        optionStart.Add(order.Length);
        partitionStart.Add(optionStart.Count - 1);

        var sides = ChainSides.Of(g, order, maxClaim + 1);
        var contested = new bool[maxClaim + 1];
        for (var part = 0; part + 1 < partitionStart.Count; part++)
        {
            var (first, last) = (partitionStart[part], partitionStart[part + 1]);
            for (var i = optionStart[first]; i < optionStart[last] && last - first > 1; i++)
            {
                contested[order[i]] = true;
            }
        }

        var prior = new double[maxSource + 1];
        var strength = new double[maxSource + 1];
        var neutral = options.PriorAlpha / (options.PriorAlpha + options.PriorBeta);
        for (var s = 0; s <= maxSource; s++)
        {
            var (mean, weight) = evidence(s) ?? (neutral, 0);
            (prior[s], strength[s]) = (mean, options.PriorAlpha + options.PriorBeta + weight);
        }
        var trust = (double[])prior.Clone();
        var (sum, weights) = (new double[maxSource + 1], new double[maxSource + 1]);
        // By claim id, single precision (beliefs are answered to six decimals); NaN where no claim is.
        var confidence = new float[maxClaim + 1];
        var belief = new float[maxClaim + 1];
        var claimBelief = new float[maxClaim + 1];
        Array.Fill(belief, float.NaN);
        var (support, values) = (new List<double>(), new List<double>());
        var hops = new Hops(x, options.RelayDecay);
        var rounds = 0;
        for (var change = double.MaxValue; change >= Convergence && rounds < MaxRounds; rounds++)
        {
            foreach (var claim in order)
            {
                var doubt = 1.0;
                foreach (var (source, weight) in hops.Of(claim))
                {
                    doubt *= 1 - (weight * trust[source]);
                }
                var truth = TruthOf[(int)x.FactsOf(claim).Status];
                confidence[claim] = float.IsNaN(truth) ? (float)(1 - doubt) : truth;
            }
            for (var part = 0; part + 1 < partitionStart.Count; part++)
            {
                var (first, last) = (partitionStart[part], partitionStart[part + 1]);
                var quantities = KeyOf(x, order[optionStart[first]]).Partition >= 0 && last - first <= MaxSupportOptions;
                support.Clear();
                values.Clear();
                for (var o = first; o < last && quantities; o++)
                {
                    values.Add(KeyOf(x, order[optionStart[o]]).Value);
                }
                for (var o = first; o < last; o++)
                {
                    var doubt = 1.0;
                    for (var other = first; other < last; other++)
                    {
                        // Closeness depends on the two values only, so it is found once per pair of options.
                        var k = other == o ? 1 : quantities ? Closeness(values[o - first], values[other - first]) : 0;
                        for (var i = optionStart[other]; i < optionStart[other + 1] && k > 0; i++)
                        {
                            doubt *= 1 - (k * confidence[order[i]]);
                        }
                    }
                    support.Add(1 - doubt);
                }
                var total = support.Sum();
                for (var o = first; o < last; o++)
                {
                    // Alone, an option keeps its support; in competition, the options share belief 1.
                    var b = last - first == 1 ? support[0] : total > 0 ? support[o - first] / total : 0;
                    for (var i = optionStart[o]; i < optionStart[o + 1]; i++)
                    {
                        belief[order[i]] = (float)b;
                    }
                }
            }
            sides.Pool(confidence, belief, contested, claimBelief);
            for (var s = 0; s <= maxSource; s++)
            {
                (sum[s], weights[s]) = (prior[s] * strength[s], strength[s]);
            }
            foreach (var claim in order)
            {
                if (!float.IsNaN(TruthOf[(int)x.FactsOf(claim).Status]))
                {
                    continue; // a verdict already counts in the prior
                }
                foreach (var (source, weight) in hops.Of(claim))
                {
                    sum[source] += weight * claimBelief[claim];
                    weights[source] += weight;
                }
            }
            change = 0;
            for (var s = 0; s <= maxSource; s++)
            {
                var next = sum[s] / weights[s];
                change = Math.Max(change, Math.Abs(next - trust[s]));
                trust[s] = next;
            }
        }

        var estimates = new Dictionary<int, (double Value, int Unit)>();
        var part0 = 0;
        for (var s = 1; s + 1 < starts.Length; s++)
        {
            // With several units on one subject, the unit most claims use gives the estimate.
            (int Claims, double Value, int Unit)? best = null;
            for (; part0 + 1 < partitionStart.Count && optionStart[partitionStart[part0]] < starts[s + 1]; part0++)
            {
                var (first, last) = (partitionStart[part0], partitionStart[part0 + 1]);
                var head = KeyOf(x, order[optionStart[first]]);
                if (optionStart[first] < starts[s] || head.Partition < 0)
                {
                    continue;
                }
                var claims = optionStart[last] - optionStart[first];
                // The option believed most; then the one more claims make; then the smaller value
                // (options run in value order, so on a full tie the first one stays).
                var top = first;
                for (var o = first + 1; o < last; o++)
                {
                    var (believed, topBelieved) = (belief[order[optionStart[o]]], belief[order[optionStart[top]]]);
                    var (made, topMade) = (optionStart[o + 1] - optionStart[o], optionStart[top + 1] - optionStart[top]);
                    if (believed > topBelieved || (believed == topBelieved && made > topMade))
                    {
                        top = o;
                    }
                }
                if (best is null || claims > best.Value.Claims)
                {
                    best = (claims, KeyOf(x, order[optionStart[top]]).Value, head.Partition);
                }
            }
            if (best is { } b)
            {
                estimates[s] = (b.Value, b.Unit);
            }
        }
        return new Result(claimBelief, belief, estimates, rounds, order.Length, sides.Chains);
    }

    /// <summary>
    /// A claim's sources as the pass weighs them, read from the index each time they are needed:
    /// kept for every claim, they would be the pass's largest arrays. As in credibility, the first
    /// named source owns the claim and weighs 1, each hop after it RelayDecay times the one before,
    /// and a source on the path twice counts at its first, heaviest, place.
    /// </summary>
    private sealed class Hops(ClaimIndex x, double relayDecay)
    {
        private readonly double[] weightAt = [.. Enumerable.Range(0, 256).Select(k => Math.Pow(relayDecay, k))];
        private readonly List<int> path = [];
        private readonly List<(int Source, double Weight)> hops = [];

        /// <summary>The claim's weighed sources, in a list reused by the next call.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public List<(int Source, double Weight)> Of(int claim)
        {
            hops.Clear();
            x.AttributionOf(claim, path);
            var owner = x.OwnerOf(path);
            for (var i = owner; i < path.Count; i++)
            {
                if (path.IndexOf(path[i]) == i)
                {
                    hops.Add((path[i], weightAt[Math.Min(i - owner, weightAt.Length - 1)]));
                }
            }
            return hops;
        }
    }

    /// <summary>How much a claim of value <paramref name="b"/> supports value <paramref name="a"/>: 1 when equal, falling with relative distance.</summary>
    private static double Closeness(double a, double b)
    {
        var scale = Math.Max(Math.Abs(a), Math.Abs(b));
        return scale == 0 ? 1 : Math.Exp(-Math.Abs(a - b) / (SupportTolerance * scale));
    }
}

/// <summary>Beliefs as of one version of the index and graph.</summary>
public sealed class BeliefSnapshot(
    long indexVersion, long graphVersion, DateTimeOffset computedAt, float[] beliefs, float[] options,
    Dictionary<int, (double Value, int Unit)> estimates, int rounds)
{
    public long IndexVersion { get; } = indexVersion;

    public long GraphVersion { get; } = graphVersion;

    public DateTimeOffset ComputedAt { get; } = computedAt;

    /// <summary>How many rounds the iteration took.</summary>
    public int Rounds { get; } = rounds;

    /// <summary>
    /// A claim's belief (its subject's competition and its chain's sides together), or null when
    /// the claim has a verdict (its truth is known) or arrived after this computation.
    /// </summary>
    public double? Belief(long claim, ClaimStatus status) =>
        CredibilityEngine.Truth(status) is null ? At(beliefs, claim) : null;

    /// <summary>
    /// The belief in the option a claim stands for within its subject (its value or stance), rated
    /// or not; null for claims not yet computed. Subject groups and estimates are built from these.
    /// </summary>
    public double? Raw(long claim) => At(options, claim);

    private static double? At(float[] values, long claim) =>
        claim > 0 && claim < values.Length && !float.IsNaN(values[claim]) ? Math.Round((double)values[claim], 6) : null;

    /// <summary>The value believed most on a subject, with its unit's number, when the subject has quantities.</summary>
    public (double Value, int Unit)? Estimate(int subject) => estimates.TryGetValue(subject, out var e) ? e : null;
}
