using System.Data;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using Dapper;

namespace CredibilityApi.Chains;

/// <summary>One relation as the graph holds it.</summary>
public readonly record struct GraphEdge(long RelationId, long From, long To, RelationType Type)
{
    public bool Opposing => RelationTypes.IsOpposing(Type);

    public long Other(long claim) => claim == From ? To : From;
}

/// <summary>
/// The relations between claims, in memory, so a chain is walked without a query per hop.
/// A compact base (CSR arrays over claim ids, built from one read of the table) plus an
/// overlay of the changes since, read from <c>relation_changes</c> (filled by triggers, so every
/// writer reaches it) before each walk; the overlay is folded into a new base when it grows.
/// </summary>
public sealed partial class ClaimGraph(Db db, ILogger<ClaimGraph> logger) : IDisposable
{
    private static readonly string TypeCase = EnumText<RelationType>.SqlNumber("type");

    private readonly ChangeFeed feed = new(db, "relation_changes");

    private readonly ReaderWriterLockSlim gate = new();
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Base: the relations of the last full build, and for each claim id the slice
    // adjacency[offsets[id]..offsets[id + 1]] of indexes into those relations: r where the claim is
    // the relation's From, ~r where it is its To. A relation keeps From XOR To, so either end and
    // the slot's sign give the other end: two arrays of a million claims' worth fewer than From and To.
    private int[] relationIds = [];
    private int[] relationEnds = [];
    private byte[] relationType = [];
    private int[] offsets = [0];
    private int[] adjacency = [];

    // Overlay: what changed since the base was built.
    private readonly Dictionary<long, List<GraphEdge>> added = [];
    private readonly HashSet<long> removed = [];
    private int overlaySize;
    private long appliedSeq;
    private long version;

    /// <summary>Grows whenever the graph takes in changes, so derived caches (credibility) know when to recompute.</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>Builds the base from the table. Start-up calls it once, after the migrations.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            // One read transaction: the relations and the feed position come from the same snapshot.
            await using var transaction = connection.BeginTransaction(deferred: true);
            var seq = await feed.PositionAsync(connection, transaction);
            // Straight into the arrays the base keeps: no per-relation object, however many there are.
            var count = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM relations", transaction: transaction);
            var relations = new Relations(count);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = $"SELECT id, from_claim_id, to_claim_id, {TypeCase} FROM relations ORDER BY id LIMIT {count}";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (reader.Read())
                {
                    relations.Add(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (RelationType)reader.GetInt32(3));
                }
            }
            await transaction.CommitAsync(ct);

            gate.EnterWriteLock();
            try
            {
                Build(relations);
                appliedSeq = seq;
                Interlocked.Increment(ref version);
            }
            finally
            {
                gate.ExitWriteLock();
            }
            LogLoaded(count);
            loaded.TrySetResult();
            await feed.PruneAsync(seq, force: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            loaded.TrySetException(e);
            throw;
        }
    }

    /// <summary>Applies the relation writes committed since the last call, so a walk sees every acknowledged write.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        await loaded.Task.WaitAsync(ct);
        if (feed.Check() is not { } check)
        {
            return;
        }
        var changes = await feed.SinceAsync<ChangeRow>(
            "seq, op, relation_id, from_claim_id, to_claim_id, type", Volatile.Read(ref appliedSeq), ct);
        if (changes.Count == 0)
        {
            feed.Seen(check);
            return;
        }

        gate.EnterWriteLock();
        try
        {
            foreach (var change in changes.Where(c => c.Seq > appliedSeq))
            {
                var edge = new GraphEdge(change.RelationId, change.FromClaimId, change.ToClaimId, EnumText<RelationType>.Parse(change.Type));
                if (change.Op == "insert")
                {
                    AddToOverlay(edge);
                }
                else
                {
                    RemoveFromOverlay(edge);
                }
                appliedSeq = change.Seq;
            }
            Interlocked.Increment(ref version);
            if (overlaySize > Math.Max(50_000, relationIds.Length / 4))
            {
                var all = AllEdges().OrderBy(e => e.RelationId).ToList();
                var relations = new Relations(all.Count);
                all.ForEach(e => relations.Add(e.RelationId, e.From, e.To, e.Type));
                Build(relations);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
        feed.Seen(check);
        await feed.PruneAsync(Volatile.Read(ref appliedSeq), force: false, ct);
    }

    /// <summary>Runs <paramref name="read"/> with the graph held still (many readers at once).</summary>
    public T Read<T>(Func<ClaimGraph, T> read)
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

    /// <summary>The relations touching a claim. Call inside <see cref="Read"/>.</summary>
    public void Neighbours(long claimId, List<GraphEdge> into)
    {
        into.Clear();
        if (claimId >= 0 && claimId < offsets.Length - 1)
        {
            var id = (int)claimId;
            for (var i = offsets[id]; i < offsets[id + 1]; i++)
            {
                var (r, from) = adjacency[i] >= 0 ? (adjacency[i], true) : (~adjacency[i], false);
                if (removed.Count == 0 || !removed.Contains(relationIds[r]))
                {
                    var other = id ^ relationEnds[r];
                    into.Add(new GraphEdge(relationIds[r], from ? id : other, from ? other : id, (RelationType)relationType[r]));
                }
            }
        }
        if (added.TryGetValue(claimId, out var more))
        {
            into.AddRange(more);
        }
    }

    public void Dispose() => gate.Dispose();

    private void AddToOverlay(GraphEdge edge)
    {
        foreach (var claim in new[] { edge.From, edge.To })
        {
            if (!added.TryGetValue(claim, out var list))
            {
                added[claim] = list = [];
            }
            list.Add(edge);
        }
        overlaySize++;
    }

    private void RemoveFromOverlay(GraphEdge edge)
    {
        var inOverlay = false;
        foreach (var claim in new[] { edge.From, edge.To })
        {
            if (added.TryGetValue(claim, out var list) && list.RemoveAll(e => e.RelationId == edge.RelationId) > 0)
            {
                inOverlay = true;
                if (list.Count == 0)
                {
                    added.Remove(claim);
                }
            }
        }
        if (!inOverlay)
        {
            removed.Add(edge.RelationId);
        }
        overlaySize++;
    }

    private IEnumerable<GraphEdge> AllEdges()
    {
        // each base relation sits under both its claims; take it once, from its From side
        for (var claim = 0; claim + 1 < offsets.Length; claim++)
        {
            for (var i = offsets[claim]; i < offsets[claim + 1]; i++)
            {
                if (adjacency[i] >= 0 && !removed.Contains(relationIds[adjacency[i]]))
                {
                    var r = adjacency[i];
                    yield return new GraphEdge(relationIds[r], claim, claim ^ relationEnds[r], (RelationType)relationType[r]);
                }
            }
        }
        foreach (var (claim, edges) in added)
        {
            // each overlay edge sits under both its claims; take it once, from its From side
            foreach (var edge in edges.Where(e => e.From == claim))
            {
                yield return edge;
            }
        }
    }

    private void Build(Relations relations)
    {
        var (count, from, to) = (relations.Count, relations.From, relations.To);
        var maxClaim = 0;
        for (var r = 0; r < count; r++)
        {
            maxClaim = Math.Max(maxClaim, Math.Max(from[r], to[r]));
        }
        // degree counts shifted by one, then summed: offsets[id] is where claim id's slice starts
        var offsetsOf = new int[maxClaim + 2];
        for (var r = 0; r < count; r++)
        {
            offsetsOf[from[r] + 1]++;
            offsetsOf[to[r] + 1]++;
        }
        for (var i = 1; i < offsetsOf.Length; i++)
        {
            offsetsOf[i] += offsetsOf[i - 1];
        }
        var fill = (int[])offsetsOf.Clone();
        var slots = new int[count * 2];
        for (var r = 0; r < count; r++)
        {
            slots[fill[from[r]]++] = r;
            slots[fill[to[r]]++] = ~r;
        }
        var ends = new int[count];
        for (var r = 0; r < count; r++)
        {
            ends[r] = from[r] ^ to[r];
        }
        (relationIds, relationType) = relations.Trimmed();
        relationEnds = ends;
        (offsets, adjacency) = (offsetsOf, slots);
        added.Clear();
        removed.Clear();
        overlaySize = 0;
    }

    /// <summary>Relations as parallel arrays; ids must fit 32 bits, as SQLite's do until two billion rows.</summary>
    private sealed class Relations(int capacity)
    {
        public int Count { get; private set; }

        public int[] Ids { get; } = new int[capacity];

        public int[] From { get; } = new int[capacity];

        public int[] To { get; } = new int[capacity];

        public byte[] Types { get; } = new byte[capacity];

        public void Add(long id, long from, long to, RelationType type)
        {
            if (Math.Max(id, Math.Max(from, to)) >= int.MaxValue)
            {
                throw new InvalidOperationException("Claim and relation ids beyond 2^31 do not fit the in-memory graph.");
            }
            (Ids[Count], From[Count], To[Count], Types[Count]) = ((int)id, (int)from, (int)to, (byte)type);
            Count++;
        }

        public (int[] Ids, byte[] Types) Trimmed() => Count == Ids.Length ? (Ids, Types) : (Ids[..Count], Types[..Count]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claim graph loaded: {Relations} relations")]
    private partial void LogLoaded(int relations);

    private sealed class ChangeRow
    {
        public long Seq { get; init; }
        public string Op { get; init; } = "";
        public long RelationId { get; init; }
        public long FromClaimId { get; init; }
        public long ToClaimId { get; init; }
        public string Type { get; init; } = "";
    }
}
