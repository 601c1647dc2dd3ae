using System.Data.Common;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Reads;

/// <summary>One relation as the graph holds it.</summary>
public readonly record struct GraphEdge(long RelationId, long From, long To, RelationType Type)
{
    public bool Opposing => RelationTypes.IsOpposing(Type);

    public long Other(long claim) => claim == From ? To : From;
}

/// <summary>
/// The relations between claims, in memory, so a chain is walked without a query per hop.
/// A compact base (CSR arrays over claim ids, built from one read of the table) plus an
/// overlay of the relations changed since, which <see cref="ReadModel"/> hands it from the change
/// feed; the overlay is folded into a new base when it grows.
/// </summary>
public sealed partial class ClaimGraph(ILogger<ClaimGraph> logger) : IDisposable
{
    private static readonly string TypeCase = EnumText<RelationType>.SqlNumber("type");

    private readonly ReaderWriterLockSlim gate = new();

    // Base: the relations of the last full build (ids ascending), and for each claim id its run of
    // adjacency (slices, by claim id) of indexes into those relations: r where the claim is the
    // relation's From, ~r where it is its To. A relation keeps From XOR To, so either end and the
    // slot's sign give the other end: two arrays of a million claims' worth fewer than From and To.
    private int[] relationIds = [];
    private int[] relationEnds = [];
    private byte[] relationType = [];
    private Runs slices = Runs.None;
    private int[] adjacency = [];

    // Overlay: what changed since the base was built.
    private readonly Dictionary<long, List<GraphEdge>> added = [];
    private readonly Dictionary<long, GraphEdge> addedById = [];
    private readonly HashSet<long> removed = [];
    // The overlay's opposing relations by id ascending, so the contradictions list reads newest first.
    private readonly List<long> addedOpposing = [];
    private int overlaySize;
    private long version;

    /// <summary>Grows whenever the graph takes in changes, so derived caches (credibility) know when to recompute.</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>Builds the base from the table, inside the read model's load transaction.</summary>
    internal void Load(DbConnection connection, DbTransaction transaction)
    {
        // Straight into the arrays the base keeps: no per-relation object, however many there are.
        var count = connection.ExecuteScalar<int>("SELECT count(*) FROM relations", transaction: transaction);
        var relations = new Relations(count);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT id, from_claim_id, to_claim_id, {TypeCase} FROM relations ORDER BY id LIMIT {count}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                relations.Add(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (RelationType)reader.GetInt32(3));
            }
        }
        gate.EnterWriteLock();
        try
        {
            Build(relations);
            Interlocked.Increment(ref version);
        }
        finally
        {
            gate.ExitWriteLock();
        }
        LogLoaded(count);
    }

    /// <summary>The relations among <paramref name="ids"/> that exist, as of the read model's catch-up transaction.</summary>
    internal static List<GraphEdge> ReadRelations(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> ids)
    {
        var found = new List<GraphEdge>(ids.Count);
        foreach (var chunk in ids.Chunk(500))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT id, from_claim_id, to_claim_id, {TypeCase} FROM relations WHERE id IN ({string.Join(',', chunk)})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add(new GraphEdge(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (RelationType)reader.GetInt32(3)));
            }
        }
        return found;
    }

    /// <summary>
    /// Takes in the relations named by the feed: <paramref name="changed"/> are their ids,
    /// <paramref name="present"/> those of them that exist now (the rest are gone).
    /// </summary>
    internal void Apply(IReadOnlyCollection<long> changed, IReadOnlyList<GraphEdge> present)
    {
        if (changed.Count == 0)
        {
            return;
        }
        var now = present.ToDictionary(e => e.RelationId);
        gate.EnterWriteLock();
        try
        {
            foreach (var id in changed)
            {
                var current = now.TryGetValue(id, out var edge) ? edge : (GraphEdge?)null;
                if (addedById.TryGetValue(id, out var held))
                {
                    if (held == current)
                    {
                        continue;
                    }
                    RemoveFromOverlay(held);
                }
                else if (InBase(id) is { } r)
                {
                    if (current is { } same && relationEnds[r] == (int)(same.From ^ same.To) && relationType[r] == (byte)same.Type)
                    {
                        continue;
                    }
                    removed.Add(id);
                    overlaySize++;
                }
                if (current is { } added)
                {
                    AddToOverlay(added);
                }
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
        if (claimId >= 0 && claimId < slices.Count)
        {
            var id = (int)claimId;
            var start = slices.Start(id);
            for (var (i, end) = (start, start + slices.Length(id)); i < end; i++)
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

    /// <summary>
    /// Fills <paramref name="into"/> with the ids of up to <paramref name="max"/> opposing relations
    /// (denies, contradicts, refutes) whose id is below <paramref name="before"/> and at least
    /// <paramref name="atLeast"/>, newest first. Call inside <see cref="Read"/>.
    /// </summary>
    public void OpposingBefore(long before, long atLeast, int max, List<long> into)
    {
        into.Clear();
        // The base's ids ascend: start at the last one below `before`, and walk down.
        var r = before > int.MaxValue ? relationIds.Length : Array.BinarySearch(relationIds, (int)before);
        r = (r < 0 ? ~r : r) - 1;
        var o = addedOpposing.BinarySearch(before);
        o = (o < 0 ? ~o : o) - 1;
        var floor = Math.Max(atLeast, 1);
        while (into.Count < max)
        {
            while (r >= 0 && relationIds[r] >= floor && (!RelationTypes.IsOpposing((RelationType)relationType[r]) || (removed.Count > 0 && removed.Contains(relationIds[r]))))
            {
                r--;
            }
            var inBase = r >= 0 && relationIds[r] >= floor ? relationIds[r] : 0L;
            var inOverlay = o >= 0 ? addedOpposing[o] : 0L;
            var next = Math.Max(inBase, inOverlay);
            if (next < floor)
            {
                return;
            }
            into.Add(next);
            if (next == inBase)
            {
                r--;
            }
            else
            {
                o--;
            }
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>Where the base holds relation <paramref name="id"/>, unless it was removed since.</summary>
    private int? InBase(long id)
    {
        var r = id is > 0 and < int.MaxValue ? Array.BinarySearch(relationIds, (int)id) : -1;
        return r < 0 || removed.Contains(id) ? null : r;
    }

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
        addedById[edge.RelationId] = edge;
        if (edge.Opposing)
        {
            var at = addedOpposing.BinarySearch(edge.RelationId);
            addedOpposing.Insert(at < 0 ? ~at : at, edge.RelationId);
        }
        overlaySize++;
    }

    private void RemoveFromOverlay(GraphEdge edge)
    {
        addedById.Remove(edge.RelationId);
        if (addedOpposing.BinarySearch(edge.RelationId) is var at and >= 0)
        {
            addedOpposing.RemoveAt(at);
        }
        foreach (var claim in new[] { edge.From, edge.To })
        {
            if (added.TryGetValue(claim, out var list) && list.RemoveAll(e => e.RelationId == edge.RelationId) > 0 && list.Count == 0)
            {
                added.Remove(claim);
            }
        }
        overlaySize++;
    }

    private IEnumerable<GraphEdge> AllEdges()
    {
        // each base relation sits under both its claims; take it once, from its From side
        var end = 0;
        for (var claim = 0; claim < slices.Count; claim++)
        {
            var start = end;
            end += slices.Length(claim);
            for (var i = start; i < end; i++)
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
        // degree counts shifted by one (each claim's slice), then summed: offsetsOf[id] is where claim id's slice starts
        var offsetsOf = new int[maxClaim + 2];
        for (var r = 0; r < count; r++)
        {
            offsetsOf[from[r] + 1]++;
            offsetsOf[to[r] + 1]++;
        }
        var runs = Runs.Of(offsetsOf.AsSpan(1));
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
        (slices, adjacency) = (runs, slots);
        added.Clear();
        addedById.Clear();
        addedOpposing.Clear();
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
}
