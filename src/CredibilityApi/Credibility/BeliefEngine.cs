using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Reads;
using CredibilityApi.Sources;

namespace CredibilityApi.Credibility;

/// <summary>
/// Truth discovery over the in-memory index: a belief in [0, 1] for every claim, from the trust
/// of the sources behind it and of those behind its competitors (the model: README, "How beliefs
/// are computed"). Within a subject, quantities of one unit compete value against value (values
/// that agree lend each other support), categorical values compete folded value against folded
/// value, and the other claims compete stance against stance; rival options share belief by the
/// softmax of their evidence (<see cref="Competition"/>). The positions of every chain compete as
/// well, across subjects (<see cref="ChainPositions"/>), and a claim in both competitions takes the
/// mean of the two. A claim's confidence is the noisy-or of its attribution path's trust, the
/// speaker at full weight and each relay hop discounted, because a relay only passes on what the
/// speaker said (after an anonymous speaker, the first named source weighs 1). A source's trust
/// starts from its credibility (Beta posterior over verdicts) and takes the beliefs of its unrated
/// claims as soft evidence; the two are iterated to convergence, or for <see cref="MaxRounds"/>
/// rounds when trust keeps moving. Rated claims enter with their verdict's truth and get no belief
/// of their own, and beliefs never reach credibility scores. The pass: <see cref="BeliefInputs"/>
/// copies, <see cref="BeliefRounds"/> iterates.
/// </summary>
/// <remarks>
/// Computed in the background, never while a read waits: a read answers from the last finished
/// pass (its <c>computedAt</c> says as of when) and, when writes have landed since, starts the
/// next pass, which publishes its result whole once done. The pass copies what it needs from the
/// graph and the index under their read locks and runs its rounds without them, so a sync of the
/// index never waits for the rounds. After a slow pass the next one waits four times that pass's
/// length, so beliefs trail a stream of writes by seconds at a million claims instead of taking
/// the machine. On PostgreSQL the replicas of one database take turns (<see cref="SharedBeliefs"/>):
/// a pass at a feed position one replica has computed is taken from the database by the others.
/// </remarks>
public sealed partial class BeliefEngine(
    Db db, ReadModel model, CredibilityEngine credibility, CredibilityOptions options, SharedBeliefs shared, TimeProvider time,
    ILogger<BeliefEngine> logger)
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
            var (indexVersion, graphVersion, position) = await model.CurrentPositionAsync(CancellationToken.None);
            if (snapshot is { } previous && previous.IndexVersion == indexVersion && previous.GraphVersion == graphVersion)
            {
                snapshot = previous.Restamped(asOf, commits);
                return;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            snapshot = db.IsPostgres
                ? await shared.TakeOrComputeAsync(position, indexVersion, graphVersion, commits, asOf,
                    () => ComputeAsync(indexVersion, graphVersion, asOf, commits))
                : await ComputeAsync(indexVersion, graphVersion, asOf, commits);
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
        var inputs = model.Graph.Read(g => model.Index.Read(x => BeliefInputs.Gather(g, x, options.RelayDecay)));
        var gathered = clock.Elapsed;
        var result = Discover(inputs, evidence);
        LogComputed(result.Claims, result.Chains, result.Rounds, result.DependentPairs, scored.TotalMilliseconds, (clock.Elapsed - scored).TotalMilliseconds,
            (gathered - scored).TotalMilliseconds);
        return new BeliefSnapshot(indexVersion, graphVersion, commits, asOf, result.Beliefs, result.Options, result.Estimates, result.Rounds);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Beliefs computed: {Claims} claims, {Chains} chains, {Rounds} rounds, {DependentPairs} source pairs found copying; scores {ScoresMs:F0} ms, beliefs {BeliefsMs:F0} ms (inputs copied under the read locks in {CopiedMs:F0} ms)")]
    private partial void LogComputed(int claims, int chains, int rounds, int dependentPairs, double scoresMs, double beliefsMs, double copiedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "A belief pass failed; reads keep the previous beliefs")]
    private partial void LogFailed(Exception exception);

    private sealed record Result(float[] Beliefs, float[] Options, Dictionary<int, Estimated> Estimates, int Rounds, int Claims, int Chains, int DependentPairs);

    /// <summary>The rounds on the copied inputs, then the estimates.</summary>
    private Result Discover(BeliefInputs inputs, Func<int, (double Mean, double Weight)?> evidence)
    {
        var rounds = new BeliefRounds(inputs, evidence, options.PriorAlpha, options.PriorBeta);
        var count = rounds.Run(MaxRounds, Convergence);
        return new Result(rounds.Beliefs, rounds.Options, rounds.Estimates(), count, inputs.Order.Length, inputs.Sides.Chains, rounds.DependentPairs);
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
    Dictionary<int, Estimated> estimates, int rounds)
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

    /// <summary>What a pass found, to be shared with other replicas (<see cref="SharedBeliefs"/>).</summary>
    internal (float[] Beliefs, float[] Options, Dictionary<int, Estimated> Estimates) Parts() => (beliefs, options, estimates);

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

    /// <summary>The option believed most on a subject, when the subject has quantities or categorical values.</summary>
    public Estimated? Estimate(int subject) => estimates.TryGetValue(subject, out var e) ? e : null;
}
