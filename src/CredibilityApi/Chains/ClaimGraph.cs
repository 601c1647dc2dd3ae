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
    private const int PruneEvery = 10_000;

    private readonly ReaderWriterLockSlim gate = new();
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Base: the relations of the last full build, and for each claim id the slice
    // adjacency[offsets[id]..offsets[id + 1]] of indexes into those relations.
    private long[] relationIds = [];
    private int[] relationFrom = [];
    private int[] relationTo = [];
    private RelationType[] relationType = [];
    private int[] offsets = [0];
    private int[] adjacency = [];

    // Overlay: what changed since the base was built.
    private readonly Dictionary<long, List<GraphEdge>> added = [];
    private readonly HashSet<long> removed = [];
    private int overlaySize;
    private long appliedSeq;
    private long prunedSeq;

    public bool IsLoaded => loaded.Task.IsCompleted;

    /// <summary>Builds the base from the table. Start-up calls it once, after the migrations.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            // One read transaction: the relations and the feed position come from the same snapshot.
            await using var transaction = connection.BeginTransaction(deferred: true);
            var seq = await connection.ExecuteScalarAsync<long?>("SELECT max(seq) FROM relation_changes", transaction: transaction) ?? 0;
            var rows = await connection.QueryAsync<RelationRow>(
                "SELECT id, from_claim_id, to_claim_id, type FROM relations ORDER BY id", transaction: transaction);
            var relations = rows.Select(r => new GraphEdge(r.Id, r.FromClaimId, r.ToClaimId, EnumText<RelationType>.Parse(r.Type))).ToList();
            await transaction.CommitAsync(ct);

            gate.EnterWriteLock();
            try
            {
                Build(relations);
                appliedSeq = seq;
            }
            finally
            {
                gate.ExitWriteLock();
            }
            LogLoaded(relations.Count);
            loaded.TrySetResult();
            await PruneAsync(ct);
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
        var from = Volatile.Read(ref appliedSeq);
        var changes = (await db.ReadAsync(c => c.QueryAsync<ChangeRow>(
            "SELECT seq, op, relation_id, from_claim_id, to_claim_id, type FROM relation_changes WHERE seq > @from ORDER BY seq",
            new { from }), ct)).ToList();
        if (changes.Count == 0)
        {
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
            if (overlaySize > Math.Max(50_000, relationIds.Length / 4))
            {
                Build([.. AllEdges()]);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
        if (appliedSeq - prunedSeq >= PruneEvery)
        {
            await PruneAsync(ct);
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
        if (claimId >= 0 && claimId < offsets.Length - 1)
        {
            var id = (int)claimId;
            for (var i = offsets[id]; i < offsets[id + 1]; i++)
            {
                var r = adjacency[i];
                if (removed.Count == 0 || !removed.Contains(relationIds[r]))
                {
                    into.Add(new GraphEdge(relationIds[r], relationFrom[r], relationTo[r], relationType[r]));
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
        for (var r = 0; r < relationIds.Length; r++)
        {
            if (!removed.Contains(relationIds[r]))
            {
                yield return new GraphEdge(relationIds[r], relationFrom[r], relationTo[r], relationType[r]);
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

    private void Build(List<GraphEdge> relations)
    {
        var maxClaim = relations.Count == 0 ? 0 : relations.Max(r => Math.Max(r.From, r.To));
        if (maxClaim >= int.MaxValue)
        {
            throw new InvalidOperationException("Claim ids beyond 2^31 do not fit the in-memory graph.");
        }
        var ids = new long[relations.Count];
        var from = new int[relations.Count];
        var to = new int[relations.Count];
        var types = new RelationType[relations.Count];
        var degree = new int[maxClaim + 2];
        for (var r = 0; r < relations.Count; r++)
        {
            (ids[r], from[r], to[r], types[r]) = (relations[r].RelationId, (int)relations[r].From, (int)relations[r].To, relations[r].Type);
            degree[from[r] + 1]++;
            degree[to[r] + 1]++;
        }
        for (var i = 1; i < degree.Length; i++)
        {
            degree[i] += degree[i - 1];
        }
        var fill = (int[])degree.Clone();
        var slots = new int[relations.Count * 2];
        for (var r = 0; r < relations.Count; r++)
        {
            slots[fill[from[r]]++] = r;
            slots[fill[to[r]]++] = r;
        }
        (relationIds, relationFrom, relationTo, relationType, offsets, adjacency) = (ids, from, to, types, degree, slots);
        added.Clear();
        removed.Clear();
        overlaySize = 0;
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        var upTo = Volatile.Read(ref appliedSeq);
        await db.WriteAsync((c, tx) => c.ExecuteAsync("DELETE FROM relation_changes WHERE seq <= @upTo", new { upTo }, tx), ct);
        prunedSeq = upTo;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claim graph loaded: {Relations} relations")]
    private partial void LogLoaded(int relations);

    private sealed class RelationRow
    {
        public long Id { get; init; }
        public long FromClaimId { get; init; }
        public long ToClaimId { get; init; }
        public string Type { get; init; } = "";
    }

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
