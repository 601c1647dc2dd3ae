using CredibilityApi.Chains;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Reads;
using CredibilityApi.Sources;

namespace CredibilityApi.Credibility;

/// <summary>
/// Truth discovery over the in-memory index: a belief in [0, 1] for every claim, from the trust
/// of the sources behind it and of those behind its competitors. Within a subject, quantities of
/// one unit compete value against value (values that agree lend each other support) and the other
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
/// Computed in the background, never while a read waits: a read answers from the last finished
/// pass (its <c>computedAt</c> says as of when) and, when writes have landed since, starts the
/// next pass, which publishes its result whole once done. The pass copies what it needs from the
/// graph and the index under their read locks and runs its rounds without them, so a sync of the
/// index never waits for the rounds. After a slow pass the next one waits four times that pass's
/// length, so beliefs trail a stream of writes by seconds at a million claims instead of taking
/// the machine.
/// </remarks>
public sealed partial class BeliefEngine(
    Db db, ReadModel model, CredibilityEngine credibility, CredibilityOptions options, TimeProvider time, ILogger<BeliefEngine> logger)
{
    public const int MaxRounds = 20;
    public const double Convergence = 1e-6;

    /// <summary>
    /// Relative difference within which two values agree (as subject groups count it) and lend each
    /// other support: in full when equal, 1/e of it at the edge, none beyond.
    /// </summary>
    public const double SupportTolerance = 0.10;

    /// <summary>
    /// A value takes support from at most this many distinct agreeing values on each side, the
    /// nearest: thousands of distinct values crowded within the tolerance keep the pass linear.
    /// </summary>
    public const int MaxNeighbours = 32;

    // A pass slower than this (a large index) is not started again until it has rested a few
    // times its own length, so a stream of writes cannot keep the machine recomputing.
    private static readonly TimeSpan SlowPass = TimeSpan.FromMilliseconds(200);
    private const int RestPerPass = 4;

    // Writes by other processes reach the index only through a sync: a read this long after the
    // last pass began starts one (which only re-stamps the beliefs when nothing changed).
    private static readonly TimeSpan OutsideWritesEvery = TimeSpan.FromSeconds(1);

    // After a pass that failed, the next waits this long (the failure is logged).
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile BeliefSnapshot? snapshot;
    private int running;
    private long restUntil;

    /// <summary>
    /// The beliefs of the last finished pass, at once (no beliefs before the first pass after
    /// start-up has finished). Starts the next pass when writes have landed since.
    /// </summary>
    public BeliefSnapshot Current()
    {
        var current = snapshot;
        if (current is null || IsStale(current))
        {
            Start();
        }
        return current ?? BeliefSnapshot.None;
    }

    /// <summary>
    /// Starts the first pass if none has run and completes when it has finished (failed ones
    /// included: reads then answer without beliefs, as before any pass). Start-up awaits it before
    /// it reports ready, so the first read is not the one that pays for it.
    /// </summary>
    public Task WarmAsync()
    {
        Current();
        return firstPass.Task;
    }

    /// <summary>For tests: awaited at the start of every pass, so a pass can be held open.</summary>
    internal Func<Task>? HoldPass { get; set; }

    /// <summary>Whether a pass is running.</summary>
    internal bool Passing => Volatile.Read(ref running) != 0;

    private bool IsStale(BeliefSnapshot s) =>
        s.IndexVersion != model.Index.Version || s.GraphVersion != model.Graph.Version || s.Commits != db.Commits
        || time.GetUtcNow() - s.ComputedAt >= OutsideWritesEvery;

    private void Start()
    {
        if (snapshot is not null && time.GetTimestamp() < Interlocked.Read(ref restUntil))
        {
            return; // the previous pass was slow and ended moments ago: its beliefs stand for now
        }
        if (Interlocked.CompareExchange(ref running, 1, 0) == 0)
        {
            // Not tied to any request: the pass outlives a client that gives up.
            _ = Task.Run(PassAsync, CancellationToken.None);
        }
    }

    private async Task PassAsync()
    {
        var rest = TimeSpan.Zero;
        try
        {
            if (HoldPass is { } hold)
            {
                await hold();
            }
            // As of now: every write acknowledged before this instant is committed, so the syncs
            // below take it in. The commit count first: a write in between is looked at once more.
            var commits = db.Commits;
            var asOf = time.GetUtcNow();
            var (graph, index) = await model.CurrentAsync(CancellationToken.None);
            var (indexVersion, graphVersion) = (index.Version, graph.Version);
            if (snapshot is { } previous && previous.IndexVersion == indexVersion && previous.GraphVersion == graphVersion)
            {
                snapshot = previous.Restamped(asOf, commits);
                return;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            snapshot = await ComputeAsync(indexVersion, graphVersion, asOf, commits);
            if (clock.Elapsed >= SlowPass)
            {
                rest = clock.Elapsed * RestPerPass;
            }
        }
        catch (Exception e)
        {
            LogFailed(e);
            rest = AfterFailure;
        }
        finally
        {
            Interlocked.Exchange(ref restUntil, time.GetTimestamp() + (long)(rest.TotalSeconds * time.TimestampFrequency));
            Volatile.Write(ref running, 0);
            firstPass.TrySetResult();
        }
    }

    private async Task<BeliefSnapshot> ComputeAsync(long indexVersion, long graphVersion, DateTimeOffset asOf, long commits)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var evidence = await credibility.EvidenceAsync(CancellationToken.None);
        var scored = clock.Elapsed;
        // The graph first, then the index, as credibility reads them; both held only while the
        // pass copies what it needs.
        var inputs = model.Graph.Read(g => model.Index.Read(x => Inputs.Gather(g, x, options.RelayDecay)));
        var gathered = clock.Elapsed;
        var result = Discover(inputs, evidence);
        LogComputed(result.Claims, result.Chains, result.Rounds, scored.TotalMilliseconds, (clock.Elapsed - scored).TotalMilliseconds,
            (gathered - scored).TotalMilliseconds);
        return new BeliefSnapshot(indexVersion, graphVersion, commits, asOf, result.Beliefs, result.Options, result.Estimates, result.Rounds);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Beliefs computed: {Claims} claims, {Chains} chains, {Rounds} rounds; scores {ScoresMs:F0} ms, beliefs {BeliefsMs:F0} ms (inputs copied under the read locks in {CopiedMs:F0} ms)")]
    private partial void LogComputed(int claims, int chains, int rounds, double scoresMs, double beliefsMs, double copiedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "A belief pass failed; reads keep the previous beliefs")]
    private partial void LogFailed(Exception exception);

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
    /// Everything the rounds read, copied from the graph and the index while they are held still,
    /// so the rounds run without holding either. Per claim, by its place in <see cref="Order"/>:
    /// its fixed truth (NaN when unrated) and its weighed sources (about 20 bytes a claim in all);
    /// per option, its value; per partition, its unit (-1 for stances).
    /// </summary>
    private sealed class Inputs
    {
        public required int[] Order { get; init; }
        public required int[] Starts { get; init; }
        public required int[] OptionStart { get; init; }
        public required int[] PartitionStart { get; init; }
        public required double[] OptionValue { get; init; }
        public required int[] PartitionUnit { get; init; }
        public required float[] Truth { get; init; }
        public required int[] HopStart { get; init; }
        public required int[] HopSource { get; init; }
        public required byte[] HopDepth { get; init; }
        public required double[] WeightAt { get; init; }
        public required ChainSides Sides { get; init; }
        public required int MaxClaim { get; init; }
        public required int MaxSource { get; init; }

        /// <summary>Call inside the graph's and the index's read locks.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public static Inputs Gather(ClaimGraph g, ClaimIndex x, double relayDecay)
        {
            var (count, maxClaim, maxSubject) = (0, 0, 0);
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
            // Claims arrived in id order, so each subject's run is too; only its claims need ordering.
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
            var optionValue = new List<double>(count);
            var partitionStart = new List<int>();
            var partitionUnit = new List<int>();
            for (var s = 0; s + 1 < starts.Length; s++)
            {
                for (var i = starts[s]; i < starts[s + 1]; i++)
                {
                    var (key, last) = (KeyOf(x, order[i]), i > starts[s] ? KeyOf(x, order[i - 1]) : default);
                    var samePartition = s != 0 && i > starts[s] && key.Partition == last.Partition;
                    if (!samePartition)
                    {
                        partitionStart.Add(optionStart.Count);
                        partitionUnit.Add(key.Partition);
                    }
                    if (!samePartition || key.Value != last.Value)
                    {
                        optionStart.Add(i);
                        optionValue.Add(key.Value);
                    }
                }
            }
            optionStart.Add(order.Length);
            partitionStart.Add(optionStart.Count - 1);

            // Each claim's sources as the pass weighs them: the first named source owns the claim and
            // weighs 1, each hop after it RelayDecay times the one before, and a source on the path
            // twice counts at its first, heaviest, place.
            var truth = new float[count];
            var hopStart = new int[count + 1];
            var (hopSource, hopDepth) = (new List<int>(count * 2), new List<byte>(count * 2));
            var path = new List<int>();
            for (var i = 0; i < count; i++)
            {
                truth[i] = TruthOf[(int)x.FactsOf(order[i]).Status];
                x.AttributionOf(order[i], path);
                var owner = x.OwnerOf(path);
                for (var h = owner; h < path.Count; h++)
                {
                    if (path.IndexOf(path[h]) == h)
                    {
                        hopSource.Add(path[h]);
                        hopDepth.Add((byte)Math.Min(h - owner, byte.MaxValue));
                    }
                }
                hopStart[i + 1] = hopSource.Count;
            }
            return new Inputs
            {
                Order = order,
                Starts = starts,
                OptionStart = [.. optionStart],
                PartitionStart = [.. partitionStart],
                OptionValue = [.. optionValue],
                PartitionUnit = [.. partitionUnit],
                Truth = truth,
                HopStart = hopStart,
                HopSource = [.. hopSource],
                HopDepth = [.. hopDepth],
                WeightAt = [.. Enumerable.Range(0, byte.MaxValue + 1).Select(k => Math.Pow(relayDecay, k))],
                Sides = ChainSides.Of(g, order, maxClaim + 1),
                MaxClaim = maxClaim,
                MaxSource = x.SourceLimit - 1,
            };
        }
    }

    /// <summary>
    /// The rounds, on the copied inputs alone. Every per-claim array is indexed by claim id, so the
    /// two answered arrays are working arrays too. Within a quantity partition each value takes
    /// support from the claims of the values that agree with it (within <see cref="SupportTolerance"/>,
    /// the nearest <see cref="MaxNeighbours"/> on each side), found by walking out from it in value
    /// order: linear in the claims of a subject however many distinct values it has.
    /// </summary>
    /// <remarks>
    /// Compiled by the JIT straight to optimized code, never ahead of time: it runs once per pass,
    /// so a ReadyToRun body would never be replaced, and its loops are the pass's whole cost.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Result Discover(Inputs inputs, Func<int, (double Mean, double Weight)?> evidence)
    {
        var (order, starts, optionStart, partitionStart) = (inputs.Order, inputs.Starts, inputs.OptionStart, inputs.PartitionStart);
        var (optionValue, truth, hopStart, hopSource, hopDepth, weightAt) =
            (inputs.OptionValue, inputs.Truth, inputs.HopStart, inputs.HopSource, inputs.HopDepth, inputs.WeightAt);
        var (sides, maxClaim, maxSource) = (inputs.Sides, inputs.MaxClaim, inputs.MaxSource);
        var contested = new bool[maxClaim + 1];
        for (var part = 0; part + 1 < partitionStart.Length; part++)
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
        var support = new List<double>();
        var rounds = 0;
        for (var change = double.MaxValue; change >= Convergence && rounds < MaxRounds; rounds++)
        {
            for (var i = 0; i < order.Length; i++)
            {
                var doubt = 1.0;
                for (var h = hopStart[i]; h < hopStart[i + 1]; h++)
                {
                    doubt *= 1 - (weightAt[hopDepth[h]] * trust[hopSource[h]]);
                }
                confidence[order[i]] = float.IsNaN(truth[i]) ? (float)(1 - doubt) : truth[i];
            }
            for (var part = 0; part + 1 < partitionStart.Length; part++)
            {
                var (first, last) = (partitionStart[part], partitionStart[part + 1]);
                var quantities = inputs.PartitionUnit[part] >= 0;
                support.Clear();
                for (var o = first; o < last; o++)
                {
                    var doubt = Doubt(o, 1);
                    for (var other = o - 1; quantities && other >= Math.Max(first, o - MaxNeighbours) && Agree(optionValue[o], optionValue[other]); other--)
                    {
                        doubt *= Doubt(other, Closeness(optionValue[o], optionValue[other]));
                    }
                    for (var other = o + 1; quantities && other < Math.Min(last, o + 1 + MaxNeighbours) && Agree(optionValue[o], optionValue[other]); other++)
                    {
                        doubt *= Doubt(other, Closeness(optionValue[o], optionValue[other]));
                    }
                    support.Add(1 - doubt);
                }
                var total = 0.0;
                foreach (var s in support)
                {
                    total += s;
                }
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
            for (var i = 0; i < order.Length; i++)
            {
                if (!float.IsNaN(truth[i]))
                {
                    continue; // a verdict already counts in the prior
                }
                for (var h = hopStart[i]; h < hopStart[i + 1]; h++)
                {
                    var weight = weightAt[hopDepth[h]];
                    sum[hopSource[h]] += weight * claimBelief[order[i]];
                    weights[hopSource[h]] += weight;
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
            for (; part0 + 1 < partitionStart.Length && optionStart[partitionStart[part0]] < starts[s + 1]; part0++)
            {
                var (first, last) = (partitionStart[part0], partitionStart[part0 + 1]);
                if (optionStart[first] < starts[s] || inputs.PartitionUnit[part0] < 0)
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
                    best = (claims, optionValue[top], inputs.PartitionUnit[part0]);
                }
            }
            if (best is { } b)
            {
                estimates[s] = (b.Value, b.Unit);
            }
        }
        return new Result(claimBelief, belief, estimates, rounds, order.Length, sides.Chains);

        // How much an option's claims leave in doubt, lent at closeness k: the product of 1 − k·c over them.
        double Doubt(int option, double k)
        {
            var doubt = 1.0;
            for (var i = optionStart[option]; i < optionStart[option + 1]; i++)
            {
                doubt *= 1 - (k * confidence[order[i]]);
            }
            return doubt;
        }
    }

    /// <summary>Whether two values agree, as subject groups count it: within the tolerance of the larger magnitude.</summary>
    private static bool Agree(double a, double b) => SubjectGroups.Agree(a, b, SupportTolerance);

    /// <summary>How much a claim of value <paramref name="b"/> supports value <paramref name="a"/>: 1 when equal, falling with relative distance.</summary>
    private static double Closeness(double a, double b)
    {
        var scale = Math.Max(Math.Abs(a), Math.Abs(b));
        return scale == 0 ? 1 : Math.Exp(-SubjectGroups.RelativeDifference(a, b) / SupportTolerance);
    }
}

/// <summary>Starts the first belief pass at start-up (it waits for the index to load), so the first reads find beliefs soon.</summary>
internal sealed class BeliefWarmUp(BeliefEngine beliefs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        beliefs.Current();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Beliefs as of one version of the index and graph, and of one moment.</summary>
public sealed class BeliefSnapshot(
    long indexVersion, long graphVersion, long commits, DateTimeOffset computedAt, float[] beliefs, float[] options,
    Dictionary<int, (double Value, int Unit)> estimates, int rounds)
{
    /// <summary>What reads answer before the first pass after start-up has finished: no beliefs, no time.</summary>
    public static readonly BeliefSnapshot None = new(-1, -1, -1, DateTimeOffset.MinValue, [], [], [], 0);

    public long IndexVersion { get; } = indexVersion;

    public long GraphVersion { get; } = graphVersion;

    /// <summary>The service's commit count when the pass began (a later commit makes the beliefs stale).</summary>
    public long Commits { get; } = commits;

    /// <summary>
    /// The moment the beliefs are as of: every write acknowledged before it is reflected (writes by
    /// other processes within a second more). MinValue for <see cref="None"/>.
    /// </summary>
    public DateTimeOffset ComputedAt { get; } = computedAt;

    /// <summary>When the beliefs are as of, or null before the first pass has finished.</summary>
    public DateTimeOffset? AsOf => ReferenceEquals(this, None) ? null : ComputedAt;

    /// <summary>The same beliefs, found current at a later moment (nothing had changed).</summary>
    public BeliefSnapshot Restamped(DateTimeOffset at, long commitCount) =>
        new(IndexVersion, GraphVersion, commitCount, at, beliefs, options, estimates, Rounds);

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
