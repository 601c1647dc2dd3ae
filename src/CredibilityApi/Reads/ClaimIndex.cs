using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Reads;

/// <summary>A claim's attribution path (speaker, relays, publisher) with its sources named, and how many of them are relays.</summary>
public sealed record ClaimAttribution(IReadOnlyList<SourceRef> Sources, int Relays);

/// <summary>A claim's subject, stance and status, and its latest verdict when <c>VerdictId</c> is not 0 (<c>VerdictAt</c> in UTC ticks).</summary>
public readonly record struct ClaimHead(string? Subject, Stance Stance, ClaimStatus Status, long VerdictId, long VerdictAt, string? Reviewer);

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
    // Relays, flat as loaded: claim id's are loadedVia[loadedViaStart[id] .. loadedViaStart[id + 1]]
    // (an array per claim would cost a reference and an object header each, a third of the index).
    // A claim read again since the load has its relays in changedVia instead.
    private int[] loadedViaStart = [0];
    private int[] loadedVia = [];
    private readonly Dictionary<long, int[]> changedVia = [];
    // A claim's quantity: NaN when it states none; the unit interned, folded to lower case.
    private double[] quantityValue = [];
    private int[] quantityUnit = [];
    // A claim's categorical value, folded (TextFold.Key) and interned; 0 when it gives none.
    private int[] answer = [];
    // Only a minority of claims has a verdict, so latest verdicts live in a map, not in arrays.
    private readonly Dictionary<long, (long Id, long At, int Reviewer)> verdicts = [];
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

    /// <summary>Fills the index from the tables, inside the read model's load transaction.</summary>
    internal void Load(SqliteConnection connection, SqliteTransaction transaction)
    {
        var (claimCount, sourceCount) = (0, 0);
        var maxClaim = connection.ExecuteScalar<long?>("SELECT max(id) FROM claims", transaction: transaction) ?? 0;
        var maxSource = connection.ExecuteScalar<long?>("SELECT max(id) FROM sources", transaction: transaction) ?? 0;
        var relays = connection.ExecuteScalar<int>("SELECT count(*) FROM claim_via", transaction: transaction);
        gate.EnterWriteLock();
        try
        {
            // sized once, so a large load does not grow the arrays step by step
            GrowClaims(maxClaim);
            GrowSources(maxSource);
            // Relays arrive in claim order: counted per claim, then summed into starts.
            (loadedViaStart, loadedVia) = (new int[maxClaim + 2], new int[relays]);
            var loadedRelays = 0;
            // Nobody reads before the load completes, so rows go straight into the arrays.
            Read(connection, transaction, claimIds: null, sourceIds: null, new Sink(
                row => { ApplyClaim(row); claimCount++; },
                row =>
                {
                    loadedVia[loadedRelays++] = row.Source;
                    loadedViaStart[row.Claim + 1]++;
                },
                ApplyVerdict,
                source => { ApplySource(source); sourceCount++; },
                ApplyTopic));
            for (var id = 1; id < loadedViaStart.Length; id++)
            {
                loadedViaStart[id] += loadedViaStart[id - 1];
            }
            Interlocked.Increment(ref version);
        }
        finally
        {
            gate.ExitWriteLock();
        }
        LogLoaded(claimCount, sourceCount);
    }

    /// <summary>The claims whose article is one of <paramref name="articleIds"/>: a publisher changed under them.</summary>
    internal static IEnumerable<long> ClaimsOfArticles(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<long> articleIds)
    {
        var claims = new List<long>();
        foreach (var filter in Filters(articleIds))
        {
            Query(connection, transaction, $"SELECT id FROM claims c {filter("WHERE c.article_id")}", r => claims.Add(r.GetInt64(0)));
        }
        return claims;
    }

    /// <summary>The rows of the given claims and sources, read inside the read model's catch-up transaction.</summary>
    internal static Rows ReadRows(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<long> claimIds, IReadOnlyCollection<long> sourceIds)
    {
        var rows = new Rows(claimIds, sourceIds);
        Read(connection, transaction, claimIds, sourceIds, new Sink(rows.Claims.Add, rows.Via.Add, rows.Verdicts.Add, rows.Sources.Add, rows.Topics.Add));
        return rows;
    }

    /// <summary>Replaces what the index holds of the claims and sources re-read into <paramref name="rows"/>.</summary>
    internal void Apply(Rows rows)
    {
        if (rows.ClaimIds.Count == 0 && rows.SourceIds.Count == 0)
        {
            return;
        }
        gate.EnterWriteLock();
        try
        {
            Forget(rows.ClaimIds, rows.SourceIds);
            rows.Sources.ForEach(ApplySource);
            rows.Claims.ForEach(ApplyClaim);
            rows.Via.ForEach(ApplyVia);
            rows.Verdicts.ForEach(ApplyVerdict);
            rows.Topics.ForEach(ApplyTopic);
            Interlocked.Increment(ref version);
            recent.Add((version, [.. rows.ClaimIds], rows.SourceIds.Count > 0));
            if (recent.Count > RecentChanges)
            {
                recent.RemoveAt(0);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

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

    /// <summary>
    /// What <see cref="Claims"/> gives of one claim, for passes that keep only claim ids; the id must
    /// be one of a claim that exists. Call inside <see cref="Read"/>.
    /// </summary>
    public (int Subject, Stance Stance, ClaimStatus Status, double Value, int Unit) FactsOf(int id) =>
        (subject[id], (Stance)stance[id], (ClaimStatus)status[id], quantityValue[id], quantityUnit[id]);

    /// <summary>
    /// A claim's categorical value as its folded key's number (0 when it gives none): claims with one
    /// number give the same answer. The id must be one of a claim that exists. Call inside <see cref="Read"/>.
    /// </summary>
    public int AnswerOf(int id) => answer[id];

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
            ? new ClaimHead(subjects[subject[id]], (Stance)stance[id], rated, v.Id, v.At, reviewers[v.Reviewer])
            : new ClaimHead(subjects[subject[id]], (Stance)stance[id], rated, 0, 0, null);
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

    /// <summary>Claims and sources re-read from the tables: the ids asked for and the rows that still exist.</summary>
    internal sealed class Rows(IReadOnlyCollection<long> claimIds, IReadOnlyCollection<long> sourceIds)
    {
        public IReadOnlyCollection<long> ClaimIds { get; } = claimIds;

        public IReadOnlyCollection<long> SourceIds { get; } = sourceIds;

        public List<ClaimRow> Claims { get; } = [];

        public List<ViaRow> Via { get; } = [];

        public List<VerdictRow> Verdicts { get; } = [];

        public List<SourceRow> Sources { get; } = [];

        public List<TopicRow> Topics { get; } = [];
    }

    internal readonly record struct ClaimRow(long Id, int Speaker, int Publisher, string? Subject, byte Stance, byte Status, double? Value, string? Unit, string? Answer);

    internal readonly record struct ViaRow(long Claim, int Source, int Position);

    internal readonly record struct VerdictRow(long Claim, long Id, string Reviewer, long At);

    internal readonly record struct SourceRow(long Id, string Name, byte Kind, int Affiliation);

    internal readonly record struct TopicRow(long Claim, string Topic);

    private sealed record Sink(Action<ClaimRow> Claim, Action<ViaRow> Via, Action<VerdictRow> Verdict, Action<SourceRow> Source, Action<TopicRow> Topic);

    /// <summary>Reads all rows, or those of the given ids, handing each to <paramref name="sink"/>.</summary>
    private static void Read(SqliteConnection c, SqliteTransaction? tx, IReadOnlyCollection<long>? claimIds, IReadOnlyCollection<long>? sourceIds, Sink sink)
    {
        foreach (var filter in Filters(sourceIds))
        {
            Query(c, tx, $"SELECT id, name, {KindCase}, coalesce(affiliation_id, 0) FROM sources s {filter("WHERE s.id")}",
                r => sink.Source(new SourceRow(r.GetInt64(0), r.GetString(1), (byte)r.GetInt32(2), r.GetInt32(3))));
        }
        foreach (var filter in Filters(claimIds))
        {
            Query(c, tx, $"""
                SELECT c.id, c.speaker_id, coalesce(a.publisher_id, 0), c.subject, {StanceCase}, {StatusCase}, c.quantity_value, c.quantity_unit, c.value
                FROM claims c LEFT JOIN articles a ON a.id = c.article_id {filter("WHERE c.id")}
                """,
                r => sink.Claim(new ClaimRow(r.GetInt64(0), r.GetInt32(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3),
                    (byte)r.GetInt32(4), (byte)r.GetInt32(5), r.IsDBNull(6) ? null : r.GetDouble(6), r.IsDBNull(7) ? null : r.GetString(7),
                    r.IsDBNull(8) ? null : r.GetString(8))));
            Query(c, tx, $"SELECT claim_id, source_id, position FROM claim_via v {filter("WHERE v.claim_id")} ORDER BY claim_id, position",
                r => sink.Via(new ViaRow(r.GetInt64(0), r.GetInt32(1), r.GetInt32(2))));
            Query(c, tx, $"""
                SELECT v.claim_id, v.id, v.reviewer, v.reviewed_at FROM latest_verdicts v
                {filter("WHERE v.claim_id")}
                """,
                r => sink.Verdict(new VerdictRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), Time.Read(r.GetString(3)).UtcTicks)));
            Query(c, tx, $"SELECT claim_id, topic FROM claim_topics t {filter("WHERE t.claim_id")} ORDER BY claim_id, position",
                r => sink.Topic(new TopicRow(r.GetInt64(0), r.GetString(1))));
        }
    }

    /// <summary>Everything (no ids), or the ids in chunks small enough for one statement.</summary>
    private static IEnumerable<Func<string, string>> Filters(IReadOnlyCollection<long>? ids)
    {
        if (ids is null)
        {
            yield return _ => "";
            yield break;
        }
        foreach (var chunk in ids.Chunk(ReloadChunk))
        {
            var list = string.Join(',', chunk);
            yield return column => $"{column} IN ({list})";
        }
    }

    private static void Query(SqliteConnection c, SqliteTransaction? tx, string sql, Action<SqliteDataReader> row)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
        }
    }

    /// <summary>Clears what is known of re-read claims and sources, so rows that are gone (a removed relay) go too.</summary>
    private void Forget(IReadOnlyCollection<long> claimIds, IReadOnlyCollection<long> sourceIds)
    {
        foreach (var id in sourceIds.Where(id => id < sourceName.Length))
        {
            sourceName[id] = null;
            affiliated -= sourceAffiliation[id] != 0 ? 1 : 0;
            sourceAffiliation[id] = 0;
        }
        foreach (var id in claimIds.Where(id => id < exists.Length))
        {
            exists[id] = false;
            // Relays read again replace the loaded ones: none until a row says otherwise.
            if (id + 1 < loadedViaStart.Length && loadedViaStart[id] != loadedViaStart[id + 1])
            {
                changedVia[id] = [];
            }
            else
            {
                changedVia.Remove(id);
            }
            verdicts.Remove(id);
            claimTopics.Remove(id);
        }
    }

    private void ApplySource(SourceRow row)
    {
        GrowSources(row.Id);
        (sourceName[row.Id], sourceKind[row.Id]) = (row.Name, row.Kind);
        affiliated += (sourceAffiliation[row.Id] == 0 ? 0 : -1) + (row.Affiliation == 0 ? 0 : 1);
        sourceAffiliation[row.Id] = row.Affiliation;
    }

    private void ApplyClaim(ClaimRow row)
    {
        GrowClaims(row.Id);
        var id = row.Id;
        (exists[id], speaker[id], publisher[id], stance[id], status[id]) = (true, row.Speaker, row.Publisher, row.Stance, row.Status);
        subject[id] = subjects.Intern(row.Subject);
        (quantityValue[id], quantityUnit[id]) = row.Value is { } value && row.Unit is { } unit
            ? (value, units.Intern(unit.Trim().ToLowerInvariant()))
            : (double.NaN, 0);
        answer[id] = row.Answer is { } given ? answers.Intern(TextFold.Key(given)) : 0;
    }

    // Relays arrive in position order; each one extends the claim's path.
    private void ApplyVia(ViaRow row) =>
        changedVia[row.Claim] = row.Position == 0 || !changedVia.TryGetValue(row.Claim, out var path) ? [row.Source] : [.. path, row.Source];

    private ReadOnlySpan<int> ViaOf(long id) =>
        changedVia.Count > 0 && changedVia.TryGetValue(id, out var changed) ? changed
        : id + 1 < loadedViaStart.Length ? loadedVia.AsSpan(loadedViaStart[id], loadedViaStart[id + 1] - loadedViaStart[id])
        : [];

    // Topics arrive in position order; each one extends the claim's list.
    private void ApplyTopic(TopicRow row) =>
        claimTopics[row.Claim] = claimTopics.TryGetValue(row.Claim, out var list) ? [.. list, topics.Intern(row.Topic)] : [topics.Intern(row.Topic)];

    private void ApplyVerdict(VerdictRow row) => verdicts[row.Claim] = (row.Id, row.At, reviewers.Intern(row.Reviewer));

    private void GrowClaims(long id)
    {
        if (id < exists.Length)
        {
            return;
        }
        if (id >= int.MaxValue)
        {
            throw new InvalidOperationException("Claim ids beyond 2^31 do not fit the claim index.");
        }
        var size = (int)Math.Max(id + 1, exists.Length * 3L / 2);
        Array.Resize(ref exists, size);
        Array.Resize(ref stance, size);
        Array.Resize(ref status, size);
        Array.Resize(ref speaker, size);
        Array.Resize(ref publisher, size);
        Array.Resize(ref subject, size);
        Array.Resize(ref quantityValue, size);
        Array.Resize(ref quantityUnit, size);
        Array.Resize(ref answer, size);
    }

    private void GrowSources(long id)
    {
        if (id >= sourceName.Length)
        {
            var size = (int)Math.Max(id + 1, sourceName.Length * 3L / 2);
            Array.Resize(ref sourceName, size);
            Array.Resize(ref sourceKind, size);
            Array.Resize(ref sourceAffiliation, size);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claim index loaded: {Claims} claims, {Sources} sources")]
    private partial void LogLoaded(int claims, int sources);

    /// <summary>Interned strings (subjects, reviewers) stored once, referred to by number; 0 is null.</summary>
    private sealed class Strings
    {
        private readonly List<string?> values = [null];
        private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);

        public string? this[int number] => values[number];

        public int? Find(string value) => numbers.TryGetValue(value, out var number) ? number : null;

        public int Intern(string? value)
        {
            if (value is null)
            {
                return 0;
            }
            if (!numbers.TryGetValue(value, out var number))
            {
                numbers[value] = number = values.Count;
                values.Add(value);
            }
            return number;
        }
    }
}
