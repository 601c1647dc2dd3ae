using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Sources;

namespace CredibilityApi.Reads;

/// <summary>A claim's attribution path (speaker, relays, publisher) with its sources named, and how many of them are relays.</summary>
public sealed record ClaimAttribution(IReadOnlyList<SourceRef> Sources, int Relays);

/// <summary>
/// A claim's subject, stance and status, and its latest verdict when <c>VerdictId</c> is not 0 (<c>VerdictAt</c> in UTC ticks;
/// <c>OriginalLabel</c> the reviewer's own label, null when none was recorded).
/// </summary>
public readonly record struct ClaimHead(
    string? Subject, Stance Stance, ClaimStatus Status, long VerdictId, long VerdictAt, string? Reviewer, string? OriginalLabel);

/// <summary>
/// The chain-facing facts of every claim (speaker, relays, publisher, stance, subject, status,
/// latest verdict) and every source's name and kind, in flat arrays indexed by id: a chain of
/// any size is answered without a query. <see cref="ReadModel"/> keeps it in step with the change
/// feed, re-reading the claims and sources it names; claim text stays in the database.
/// </summary>
public sealed partial class ClaimIndex(ILogger<ClaimIndex> logger) : IDisposable
{
    private const int ReloadChunk = 500;

    private static readonly string StanceCase = EnumText<Stance>.SqlNumber("c.stance");
    private static readonly string StatusCase = EnumText<ClaimStatus>.SqlNumber("c.status");
    private static readonly string KindCase = EnumText<SourceKind>.SqlNumber("kind");

    private readonly ReaderWriterLockSlim gate = new();

    // Claims by id. exists[id] is false for ids no claim has.
    private bool[] exists = [];
    private byte[] stance = [];
    private byte[] status = [];
    private int[] speaker = [];
    private int[] publisher = [];
    private int[] subject = [];
    // Relays, flat as loaded, in claim order: claim id's are loadedVia at loadedViaRuns' run for it
    // (an array per claim would cost a reference and an object header each, a third of the index; an
    // int start per claim, 3 bytes a claim more than Runs). A claim read again since the load has
    // its relays in changedVia instead.
    private Runs loadedViaRuns = Runs.None;
    private int[] loadedVia = [];
    private readonly Dictionary<long, int[]> changedVia = [];
    // A claim's quantity: NaN when it states none; the unit interned, folded to lower case. A claim
    // without a quantity keeps its categorical value there instead, folded (TextFold.Key), interned
    // and negated (0 when it gives none): one array for the two, 4 bytes a claim less.
    private double[] quantityValue = [];
    private int[] quantityUnit = [];
    // Only a minority of claims has a verdict, so latest verdicts live in a map, not in arrays.
    // Reviewers and reviewers' own labels (originalLabel) are interned together: both are few distinct strings.
    private readonly Dictionary<long, (long Id, long At, int Reviewer, int Label)> verdicts = [];
    private readonly Strings subjects = new();
    private readonly Strings reviewers = new();
    private readonly Strings units = new();
    private readonly Strings answers = new();
    // Topics (folded), interned; only claims with topics have an entry.
    private readonly Strings topics = new();
    private readonly Dictionary<long, int[]> claimTopics = [];

    // Sources by id; a null name means no such source.
    private string?[] sourceName = [];
    private byte[] sourceKind = [];
    // A source's affiliation (another source's id), 0 for none.
    private int[] sourceAffiliation = [];
    private int affiliated;

    // The last few changes taken in: the version each made, its claims, and whether sources changed.
    private const int RecentChanges = 64;
    private readonly List<(long Version, long[] Claims, bool Sources)> recent = [];

    private long version;

    /// <summary>Grows whenever the index takes in changes, so derived caches (credibility) know when to recompute.</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>Runs <paramref name="read"/> with the index held still (many readers at once).</summary>
    public T Read<T>(Func<ClaimIndex, T> read)
    {
        gate.EnterReadLock();
        try
        {
            return read(this);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>A claim's attribution path with its sources named, or null when there is no such claim. Call inside <see cref="Read"/>.</summary>
    public ClaimAttribution? AttributionOf(long id)
    {
        if (id <= 0 || id >= exists.Length || !exists[id])
        {
            return null;
        }
        var path = new List<int>();
        var relays = AttributionOf(id, path);
        return new ClaimAttribution([.. path.Select(Source)], relays);
    }

    /// <summary>
    /// Where evidence on an attribution path starts: who cites unnamed sources owns the claim, so
    /// an anonymous speaker (and anonymous relays after it) give way to the first named source;
    /// with nobody named, the anonymous speaker keeps it. Call inside <see cref="Read"/>.
    /// </summary>
    public int OwnerOf(List<int> path)
    {
        var owner = 0;
        while (owner < path.Count && KindOf(path[owner]) == SourceKind.Anonymous)
        {
            owner++;
        }
        return owner == path.Count ? 0 : owner;
    }

    /// <summary>
    /// Every claim with a latest verdict: its id, status (the verdict's rating) and when it was
    /// reviewed, in UTC ticks. Call inside <see cref="Read"/>.
    /// </summary>
    public IEnumerable<(long Claim, ClaimStatus Status, long ReviewedAt)> RatedClaims()
    {
        foreach (var (claim, verdict) in verdicts)
        {
            yield return (claim, (ClaimStatus)status[claim], verdict.At);
        }
    }

    /// <summary>A claim's speaker's id; the id must be one of a claim that exists (<see cref="TryHead"/>). Call inside <see cref="Read"/>.</summary>
    public int SpeakerOf(long id) => speaker[id];

    /// <summary>A claim's status, or null when there is no such claim. Call inside <see cref="Read"/>.</summary>
    public ClaimStatus? StatusOf(long id) => id > 0 && id < exists.Length && exists[id] ? (ClaimStatus)status[id] : null;

    /// <summary>
    /// Fills <paramref name="into"/> with the source ids of a claim's attribution path (speaker,
    /// relays, publisher), as <see cref="Get"/> orders them, without allocating; answers how many
    /// of them are relays. Call inside <see cref="Read"/>.
    /// </summary>
    public int AttributionOf(long id, List<int> into)
    {
        into.Clear();
        if (id <= 0 || id >= exists.Length || !exists[id])
        {
            return 0;
        }
        into.Add(speaker[id]);
        var relays = ViaOf(id);
        foreach (var relay in relays)
        {
            into.Add(relay);
        }
        if (publisher[id] != 0 && publisher[id] != into[^1])
        {
            into.Add(publisher[id]);
        }
        return relays.Length;
    }

    /// <summary>
    /// The facts truth discovery weighs, for every claim: id, subject number (0 for none), stance,
    /// status, and quantity value (NaN for none) with its unit number. Call inside <see cref="Read"/>.
    /// </summary>
    public IEnumerable<(long Claim, int Subject, Stance Stance, ClaimStatus Status, double Value, int Unit)> Claims()
    {
        for (var id = 1; id < exists.Length; id++)
        {
            if (exists[id])
            {
                var (subjectNumber, claimStance, claimStatus, value, unit) = FactsOf(id);
                yield return (id, subjectNumber, claimStance, claimStatus, value, unit);
            }
        }
    }

    /// <summary>Whether a claim with this id is held. Call inside <see cref="Read"/>.</summary>
    public bool Exists(long id) => id > 0 && id < exists.Length && exists[id];

    /// <summary>
    /// What <see cref="Claims"/> gives of one claim, for passes that keep only claim ids; the id must
    /// be one of a claim that exists. Call inside <see cref="Read"/>.
    /// </summary>
    public (int Subject, Stance Stance, ClaimStatus Status, double Value, int Unit) FactsOf(int id) =>
        (subject[id], (Stance)stance[id], (ClaimStatus)status[id], quantityValue[id], Math.Max(quantityUnit[id], 0));

    /// <summary>
    /// A claim's categorical value as its folded key's number (0 when it gives none): claims with one
    /// number give the same answer. The id must be one of a claim that exists. Call inside <see cref="Read"/>.
    /// </summary>
    public int AnswerOf(int id) => Math.Max(-quantityUnit[id], 0);

    /// <summary>A categorical value's folded key from its number. Call inside <see cref="Read"/>.</summary>
    public string? AnswerKey(int number) => answers[number];

    /// <summary>The number a subject is interned as, or null when no claim has it. Call inside <see cref="Read"/>.</summary>
    public int? SubjectNumber(string subject) => subjects.Find(subject);

    /// <summary>A unit's text (lower case) from its number. Call inside <see cref="Read"/>.</summary>
    public string? UnitOf(int number) => units[number];

    /// <summary>A source's name and kind, or null when there is no such source. Call inside <see cref="Read"/>.</summary>
    public SourceRef? SourceOf(long id) =>
        id > 0 && id < sourceName.Length && sourceName[id] is { } name ? new SourceRef(id, name, (SourceKind)sourceKind[id]) : null;

    /// <summary>
    /// What a chain node shows of a claim besides its attribution, without allocating; false when
    /// there is no such claim. Call inside <see cref="Read"/>.
    /// </summary>
    public bool TryHead(long id, out ClaimHead head)
    {
        if (id <= 0 || id >= exists.Length || !exists[id])
        {
            head = default;
            return false;
        }
        var rated = (ClaimStatus)status[id];
        head = verdicts.TryGetValue(id, out var v)
            ? new ClaimHead(subjects[subject[id]], (Stance)stance[id], rated, v.Id, v.At, reviewers[v.Reviewer], reviewers[v.Label])
            : new ClaimHead(subjects[subject[id]], (Stance)stance[id], rated, 0, 0, null, null);
        return true;
    }

    /// <summary>A source's name and kind as chains show them: an empty name for an id no source has. Call inside <see cref="Read"/>.</summary>
    public (string Name, SourceKind Kind) NameAndKind(int id) =>
        (id < sourceName.Length ? sourceName[id] ?? "" : "", id < sourceKind.Length ? (SourceKind)sourceKind[id] : SourceKind.Anonymous);

    /// <summary>
    /// The claims written since <paramref name="since"/> (a <see cref="Version"/>), for caches that
    /// move on by the change rather than recompute: false when sources changed too, when more than
    /// <paramref name="max"/> claims did, or when the change is older than the index remembers.
    /// Call inside <see cref="Read"/>.
    /// </summary>
    public bool ClaimsChangedSince(long since, int max, out HashSet<long> claims)
    {
        claims = [];
        if (since == version)
        {
            return true;
        }
        if (recent.Count == 0 || recent[0].Version > since + 1)
        {
            return false;
        }
        foreach (var (at, changedClaims, sourcesChanged) in recent)
        {
            if (at <= since)
            {
                continue;
            }
            if (sourcesChanged)
            {
                return false;
            }
            claims.UnionWith(changedClaims);
            if (claims.Count > max)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>When a claim's latest verdict was reviewed, in UTC ticks; 0 without one. Call inside <see cref="Read"/>.</summary>
    public long ReviewedAt(long id) => verdicts.TryGetValue(id, out var v) ? v.At : 0;

    /// <summary>One more than the largest source id the index has room for: arrays by source id take this length. Call inside <see cref="Read"/>.</summary>
    public int SourceLimit => sourceName.Length;

    /// <summary>The number a topic (folded) is interned as, or null when no claim has it. Call inside <see cref="Read"/>.</summary>
    public int? TopicNumber(string topic) => topics.Find(topic);

    /// <summary>A topic's text (folded) from its number. Call inside <see cref="Read"/>.</summary>
    public string? TopicOf(int number) => topics[number];

    /// <summary>The topic numbers of a claim, in its order; empty without topics. Call inside <see cref="Read"/>.</summary>
    public ReadOnlySpan<int> TopicsOf(long claim) => claimTopics.Count > 0 && claimTopics.TryGetValue(claim, out var list) ? list : [];

    /// <summary>A source's affiliation (another source's id), 0 for none. Call inside <see cref="Read"/>.</summary>
    public int AffiliationOf(long id) => id > 0 && id < sourceAffiliation.Length && sourceName[id] is not null ? sourceAffiliation[id] : 0;

    /// <summary>Whether any source has an affiliation: passes that only matter then can skip. Call inside <see cref="Read"/>.</summary>
    public bool AnyAffiliation => affiliated > 0;

    /// <summary>A source's kind without building its reference, for passes over many claims. Call inside <see cref="Read"/>.</summary>
    public SourceKind? KindOf(long id) =>
        id > 0 && id < sourceName.Length && sourceName[id] is not null ? (SourceKind)sourceKind[id] : null;

    public void Dispose() => gate.Dispose();

    private SourceRef Source(int id)
    {
        var (name, kind) = NameAndKind(id);
        return new SourceRef(id, name, kind);
    }

}
