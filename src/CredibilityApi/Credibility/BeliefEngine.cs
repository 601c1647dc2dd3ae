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

    /// <summary>
    /// One claim as the pass weighs it: 24 bytes, a million of them at a million claims. Its
    /// attribution hops are <c>PathCount</c> entries from <c>PathStart</c> in the pass's hop arrays.
    /// </summary>
    private readonly record struct Item(int Claim, int Partition, double Value, int PathStart, ushort PathCount, byte Status)
    {
        /// <summary>The verdict's truth, or NaN without one.</summary>
        public float Truth => TruthOf[Status];

        public bool Rated => !float.IsNaN(Truth);
    }

    private static readonly float[] TruthOf =
        [.. Enum.GetValues<ClaimStatus>().OrderBy(s => (int)s).Select(s => (float)(CredibilityEngine.Truth(s) ?? double.NaN))];

    private sealed record Result(float[] Beliefs, float[] Options, Dictionary<int, (double Value, int Unit)> Estimates, int Rounds, int Claims, int Chains);

    private Result Discover(ClaimGraph g, ClaimIndex x, IReadOnlyDictionary<long, (double Mean, double Weight)> evidence)
    {
        // Counted first, so every array is allocated once at its size and each claim is placed
        // straight into its subject's run: at a million claims, growing lists or a sorted copy
        // would double the pass's memory while they copy.
        var path = new List<int>();
        var (count, hops, maxClaim, maxSubject) = (0, 0, 0L, 0);
        foreach (var c in x.Claims())
        {
            count++;
            x.AttributionOf(c.Claim, path);
            hops += path.Count;
            (maxClaim, maxSubject) = (Math.Max(maxClaim, c.Claim), Math.Max(maxSubject, c.Subject));
        }
        // Subject s's claims take places starts[s] .. starts[s + 1]; subject 0 is "none".
        var starts = new int[maxSubject + 2];
        foreach (var c in x.Claims())
        {
            starts[c.Subject + 1]++;
        }
        for (var s = 1; s < starts.Length; s++)
        {
            starts[s] += starts[s - 1];
        }
        var items = new Item[count];
        var (pathSource, pathHop) = (new int[hops], new byte[hops]);
        var hopWeight = Enumerable.Range(0, 256).Select(k => Math.Pow(options.RelayDecay, k)).ToArray();
        var fill = (int[])starts.Clone();
        var (used, maxSource) = (0, 0);
        foreach (var c in x.Claims())
        {
            x.AttributionOf(c.Claim, path);
            var start = used;
            // As in credibility, the first named source owns the claim and weighs 1.
            var owner = x.OwnerOf(path);
            for (var i = owner; i < path.Count; i++)
            {
                // A source on the path twice counts at its first, heaviest, place.
                if (path.IndexOf(path[i]) == i)
                {
                    // Each hop weighs RelayDecay to the power of its distance from the owner.
                    (pathSource[used], pathHop[used]) = (path[i], (byte)Math.Min(i - owner, 255));
                    used++;
                    maxSource = Math.Max(maxSource, path[i]);
                }
            }
            var quantity = !double.IsNaN(c.Value) && c.Stance == Stance.Asserts;
            // Partition: a unit's number for quantities, -1 for stances; claims without a subject stand alone.
            items[fill[c.Subject]++] = new Item((int)c.Claim, quantity ? c.Unit : -1, quantity ? c.Value : (double)c.Stance,
                start, (ushort)(used - start), (byte)c.Status);
        }
        // Claims arrived in id order, so each subject's run is too; only its few claims need ordering.
        for (var s = 1; s + 1 < starts.Length; s++)
        {
            if (starts[s + 1] - starts[s] > 1)
            {
                Array.Sort(items, starts[s], starts[s + 1] - starts[s], WithinSubject.Instance);
            }
        }

        // Options: runs of equal (subject, partition, value); partitions: runs of equal (subject, partition).
        var optionStart = new List<int>(count + 1);
        var partitionStart = new List<int>();
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            for (var i = starts[s]; i < starts[s + 1]; i++)
            {
                var samePartition = s != 0 && i > starts[s] && items[i].Partition == items[i - 1].Partition;
                if (!samePartition)
                {
                    partitionStart.Add(optionStart.Count);
                }
                if (!samePartition || items[i].Value != items[i - 1].Value)
                {
                    optionStart.Add(i);
                }
            }
        }
        optionStart.Add(items.Length);
        partitionStart.Add(optionStart.Count - 1);

        var itemOf = new int[maxClaim + 1];
        Array.Fill(itemOf, -1);
        for (var i = 0; i < items.Length; i++)
        {
            itemOf[items[i].Claim] = i;
        }
        var sides = ChainSides.Of(g, new ClaimIds(items), itemOf);
        var contested = new bool[items.Length];
        for (var part = 0; part + 1 < partitionStart.Count; part++)
        {
            var (first, last) = (partitionStart[part], partitionStart[part + 1]);
            for (var i = optionStart[first]; i < optionStart[last] && last - first > 1; i++)
            {
                contested[i] = true;
            }
        }

        var prior = new double[maxSource + 1];
        var strength = new double[maxSource + 1];
        var neutral = options.PriorAlpha / (options.PriorAlpha + options.PriorBeta);
        for (var s = 0; s <= maxSource; s++)
        {
            var (mean, weight) = evidence.TryGetValue(s, out var e) ? e : (neutral, 0);
            (prior[s], strength[s]) = (mean, options.PriorAlpha + options.PriorBeta + weight);
        }
        var trust = (double[])prior.Clone();
        var (sum, weights) = (new double[maxSource + 1], new double[maxSource + 1]);
        // Per claim, single precision: beliefs are answered to six decimals, and a million of each.
        var confidence = new float[items.Length];
        var belief = new float[items.Length];
        var claimBelief = new float[items.Length];
        var support = new List<double>();
        var rounds = 0;
        for (var change = double.MaxValue; change >= Convergence && rounds < MaxRounds; rounds++)
        {
            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i];
                var doubt = 1.0;
                for (var p = item.PathStart; p < item.PathStart + item.PathCount; p++)
                {
                    doubt *= 1 - (hopWeight[pathHop[p]] * trust[pathSource[p]]);
                }
                confidence[i] = item.Rated ? item.Truth : (float)(1 - doubt);
            }
            for (var part = 0; part + 1 < partitionStart.Count; part++)
            {
                var (first, last) = (partitionStart[part], partitionStart[part + 1]);
                var quantities = items[optionStart[first]].Partition >= 0 && last - first <= MaxSupportOptions;
                support.Clear();
                for (var o = first; o < last; o++)
                {
                    var doubt = 1.0;
                    for (var other = first; other < last; other++)
                    {
                        // Closeness depends on the two values only, so it is found once per pair of options.
                        var k = other == o ? 1 : quantities ? Closeness(items[optionStart[o]].Value, items[optionStart[other]].Value) : 0;
                        for (var i = optionStart[other]; i < optionStart[other + 1] && k > 0; i++)
                        {
                            doubt *= 1 - (k * confidence[i]);
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
                        belief[i] = (float)b;
                    }
                }
            }
            sides.Pool(confidence, belief, contested, claimBelief);
            for (var s = 0; s <= maxSource; s++)
            {
                (sum[s], weights[s]) = (prior[s] * strength[s], strength[s]);
            }
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i].Rated)
                {
                    continue; // a verdict already counts in the prior
                }
                for (var p = items[i].PathStart; p < items[i].PathStart + items[i].PathCount; p++)
                {
                    sum[pathSource[p]] += hopWeight[pathHop[p]] * claimBelief[i];
                    weights[pathSource[p]] += hopWeight[pathHop[p]];
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

        var (beliefs, optionBeliefs) = (new float[maxClaim + 1], new float[maxClaim + 1]);
        Array.Fill(beliefs, float.NaN);
        Array.Fill(optionBeliefs, float.NaN);
        for (var i = 0; i < items.Length; i++)
        {
            (beliefs[items[i].Claim], optionBeliefs[items[i].Claim]) = (claimBelief[i], belief[i]);
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
                var head = items[optionStart[first]];
                if (optionStart[first] < starts[s] || head.Partition < 0)
                {
                    continue;
                }
                var claims = optionStart[last] - optionStart[first];
                var top = Enumerable.Range(first, last - first)
                    .OrderByDescending(o => belief[optionStart[o]])
                    .ThenByDescending(o => optionStart[o + 1] - optionStart[o])
                    .ThenBy(o => items[optionStart[o]].Value)
                    .First();
                if (best is null || claims > best.Value.Claims)
                {
                    best = (claims, items[optionStart[top]].Value, head.Partition);
                }
            }
            if (best is { } b)
            {
                estimates[s] = (b.Value, b.Unit);
            }
        }
        return new Result(beliefs, optionBeliefs, estimates, rounds, items.Length, sides.Chains);
    }

    /// <summary>The claims' ids in the pass's order, without copying them out.</summary>
    private sealed class ClaimIds(Item[] items) : IReadOnlyList<long>
    {
        public long this[int index] => items[index].Claim;

        public int Count => items.Length;

        public IEnumerator<long> GetEnumerator() => items.Select(i => (long)i.Claim).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Orders a subject's claims by partition, value and id.</summary>
    private sealed class WithinSubject : IComparer<Item>
    {
        public static readonly WithinSubject Instance = new();

        public int Compare(Item a, Item b)
        {
            var order = a.Partition.CompareTo(b.Partition);
            order = order != 0 ? order : a.Value.CompareTo(b.Value);
            return order != 0 ? order : a.Claim.CompareTo(b.Claim);
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
