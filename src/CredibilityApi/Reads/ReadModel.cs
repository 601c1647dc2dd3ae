using System.Data.Common;
using System.Diagnostics;
using CredibilityApi.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Reads;

/// <summary>The read model as current as a read needs it: the claim graph and the claim index.</summary>
public readonly record struct ReadView(ClaimGraph Graph, ClaimIndex Index);

/// <summary>
/// The in-memory read side: the claim graph, the claim index and the source-name index, loaded
/// once at start-up and kept in step with the database through one change feed (the
/// <c>changes</c> table, migration 0017, filled by triggers on every table they mirror, so every
/// writer reaches it: the API, imports, a shell). It holds one position in that feed and catches
/// up in one place: a read asks for a current view (<see cref="CurrentAsync"/>,
/// <see cref="NamesAsync"/>) and sees every write acknowledged before it. The catch-up never waits
/// for the write gate (a writer holding it may be waiting for a catch-up: the ClaimReview import
/// resolves names); applied entries are pruned in the background (<see cref="ReadModelUpkeep"/>).
/// </summary>
public sealed partial class ReadModel(Db db, ClaimGraph graph, ClaimIndex index, SourceNameIndex names, RowCache rows, ILogger<ReadModel> logger)
    : IDisposable
{
    /// <summary>Writes by other processes (a shell, a bulk load) are picked up at least this often.</summary>
    private static readonly long ExternalWritesEvery = Stopwatch.Frequency;

    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim catchUp = new(1, 1);
    private long position;
    private long head;
    private long loadedAt;
    private long commitsSeen = -1;
    private long checkedAt;
    private volatile bool namesLoaded;
    private volatile bool warm;
    private volatile bool fellBehind;

    /// <summary>Completes once the graph and the index are loaded (faults if the load failed).</summary>
    public Task Loaded => loaded.Task;

    /// <summary>Whether the graph and the index are loaded (readiness).</summary>
    public bool IsLoaded => loaded.Task.IsCompletedSuccessfully;

    /// <summary>
    /// Loaded, and what the first reads would otherwise compute is computed (start-up's warm-up,
    /// <see cref="MarkWarm"/>): <c>/readyz</c> answers ready from here on.
    /// </summary>
    public bool IsReady => warm && IsLoaded && !fellBehind;

    /// <summary>
    /// The feed was pruned past this model's position (it was cut off from a shared database while the
    /// other replicas went far ahead): it missed writes, reports not ready, and needs a restart to load again.
    /// </summary>
    public bool FellBehind => fellBehind;

    /// <summary>The last feed entry the model has taken in.</summary>
    public long Position => Interlocked.Read(ref position);

    /// <summary>The last feed entry the model has seen written (at its last catch-up or upkeep look).</summary>
    public long Head => Interlocked.Read(ref head);

    /// <summary>How many feed entries are written but not taken in yet, as of the last look.</summary>
    public long Lag => Math.Max(0, Head - Position);

    /// <summary>The position the model was loaded at: entries before it were never needed.</summary>
    internal long LoadedAt => Interlocked.Read(ref loadedAt);

    /// <summary>The graph as caught up so far: for version checks, or right after <see cref="CurrentAsync"/>.</summary>
    public ClaimGraph Graph => graph;

    /// <summary>The index as caught up so far: for version checks, or right after <see cref="CurrentAsync"/>.</summary>
    public ClaimIndex Index => index;

    /// <summary>
    /// Claim texts and relation rows read lately, forgotten as the feed names them: read them after
    /// <see cref="CurrentAsync"/>.
    /// </summary>
    public RowCache Rows => rows;

    /// <summary>For tests: awaited before the load reads anything, so a load can be held open.</summary>
    internal Func<Task>? HoldLoad { get; set; }

    /// <summary>Loads the graph and the index from one snapshot, and the feed position it is current to.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            if (HoldLoad is { } hold)
            {
                await hold();
            }
            await using var connection = await db.OpenAsync(ct);
            // One read transaction: the rows and the feed position come from the same snapshot.
            await using var transaction = db.BeginSnapshot(connection);
            var at = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(seq), 0) FROM changes", transaction: transaction);
            index.Load(connection, transaction);
            graph.Load(connection, transaction);
            await transaction.CommitAsync(ct);
            Interlocked.Exchange(ref position, at);
            Interlocked.Exchange(ref head, at);
            Interlocked.Exchange(ref loadedAt, at);
            LogLoaded(at);
            loaded.TrySetResult();
        }
        catch (Exception e)
        {
            loaded.TrySetException(e);
            throw;
        }
    }

    /// <summary>Records that start-up's warm-up is done, so the model reports ready.</summary>
    public void MarkWarm() => warm = true;

    /// <summary>The graph and the index with every write acknowledged before this call taken in.</summary>
    public async ValueTask<ReadView> CurrentAsync(CancellationToken ct)
    {
        await CatchUpAsync(withNames: false, ct);
        return new ReadView(graph, index);
    }

    /// <summary>The source-name index with every write acknowledged before this call taken in (loaded on first use).</summary>
    public async ValueTask<SourceNameIndex> NamesAsync(CancellationToken ct)
    {
        await CatchUpAsync(withNames: true, ct);
        return names;
    }

    /// <summary>Reads the feed's last entry, so <see cref="Lag"/> tells how far behind the model is.</summary>
    internal async Task<long> ReadHeadAsync(CancellationToken ct)
    {
        var latest = await db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT coalesce(max(seq), 0) FROM changes"), ct);
        RaiseHead(latest);
        return latest;
    }

    /// <summary>
    /// On PostgreSQL, entries this far behind a replica's position stay in the feed when it prunes:
    /// the other replicas, which read the same feed, are seconds behind at most. A replica that falls
    /// further behind (cut off from the database meanwhile) finds its next entries gone, and reports
    /// so instead of answering from a model that missed writes (<see cref="FellBehind"/>).
    /// </summary>
    internal const long SharedFeedKept = 1_000_000;

    /// <summary>
    /// Deletes the feed entries before <paramref name="upTo"/> (at most the position taken in, less
    /// <see cref="SharedFeedKept"/> on PostgreSQL). The entry at the position stays: on SQLite seq is a
    /// plain INTEGER PRIMARY KEY, which numbers a new row max(seq) + 1, so an emptied table would
    /// start again at 1, below the position the model resumes from, and hide every later write.
    /// Takes the write gate: only the upkeep calls it.
    /// </summary>
    internal Task<int> PruneAsync(long upTo, CancellationToken ct)
    {
        var below = Math.Min(upTo, Position) - (db.IsPostgres ? SharedFeedKept : 0);
        return below <= 1
            ? Task.FromResult(0)
            : db.WriteAsync((c, tx) => c.ExecuteAsync("DELETE FROM changes WHERE seq < @below", new { below }, tx), ct);
    }

    public void Dispose() => catchUp.Dispose();

    /// <summary>
    /// The one catch-up: reads the feed after the position and the rows it names in one snapshot,
    /// then applies them, the index before the graph (a relation's claims are known before it is).
    /// Skipped, without a query, when this process has committed nothing since the last look and
    /// less than a second has passed (writers outside it are picked up within that).
    /// </summary>
    private async ValueTask CatchUpAsync(bool withNames, CancellationToken ct)
    {
        if (!loaded.Task.IsCompletedSuccessfully)
        {
            await loaded.Task.WaitAsync(ct);
        }
        if (Check() is null && (!withNames || namesLoaded))
        {
            return;
        }
        await catchUp.WaitAsync(ct);
        try
        {
            // Again: a catch-up that ran while this one waited may have taken in all it needs.
            var check = Check();
            var loadNames = withNames && !namesLoaded;
            if (check is null && !loadNames)
            {
                return;
            }
            check ??= new FeedCheck(db.Commits, Stopwatch.GetTimestamp());
            await using var connection = await db.OpenAsync(ct);
            await using var transaction = db.BeginSnapshot(connection);
            var batch = ReadBatch(connection, transaction, Position, withNames: namesLoaded || loadNames, loadNames);
            if (batch.Missed)
            {
                fellBehind = true;
                LogFellBehind(Position);
            }
            await transaction.CommitAsync(ct);

            index.Apply(batch.Rows);
            graph.Apply(batch.RelationIds, batch.Relations);
            rows.Forget(batch.Rows.ClaimIds, batch.RelationIds);
            if (batch.Names is { } changed)
            {
                names.Apply(changed, replaceAll: loadNames);
            }
            if (loadNames)
            {
                namesLoaded = true;
            }
            Interlocked.Exchange(ref position, Math.Max(Position, batch.UpTo));
            RaiseHead(batch.UpTo);
            Seen(check.Value);
        }
        finally
        {
            catchUp.Release();
        }
    }

    private static Batch ReadBatch(DbConnection connection, DbTransaction transaction, long after, bool withNames, bool loadNames)
    {
        var (claimIds, sourceIds, relationIds, articleIds) = (new HashSet<long>(), new HashSet<long>(), new HashSet<long>(), new HashSet<long>());
        var upTo = after;
        long? first = null;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT seq, kind, entity_id FROM changes WHERE seq > @after ORDER BY seq";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "after";
            parameter.Value = after;
            command.Parameters.Add(parameter);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                upTo = reader.GetInt64(0);
                first ??= upTo;
                var set = reader.GetString(1) switch
                {
                    "claim" => claimIds,
                    "source" => sourceIds,
                    "relation" => relationIds,
                    "article" => articleIds,
                    var kind => throw new InvalidOperationException($"The change feed holds an entry of unknown kind '{kind}'."),
                };
                set.Add(reader.GetInt64(2));
            }
        }
        // A claim's publisher is its article's: a changed article changes its claims.
        claimIds.UnionWith(ClaimIndex.ClaimsOfArticles(connection, transaction, articleIds));
        var rows = ClaimIndex.ReadRows(connection, transaction, claimIds, sourceIds);
        var relations = ClaimGraph.ReadRelations(connection, transaction, relationIds);
        var names = loadNames ? SourceNameIndex.ReadAll(connection, transaction)
            : withNames && sourceIds.Count > 0 ? SourceNameIndex.ReadChanged(connection, transaction, sourceIds)
            : null;
        // Entries are numbered in commit order; a hole after the position is a rolled-back
        // transaction's, unless the entries before it are gone too: pruned past this model.
        var missed = connection.IsPostgres() && after > 0 && first > after + 1
            && connection.ExecuteScalar<long>("SELECT coalesce(min(seq), 0) FROM changes", transaction: transaction) > after + 1;
        return new Batch(upTo, rows, relationIds, relations, names, missed);
    }

    private FeedCheck? Check()
    {
        var check = new FeedCheck(db.Commits, Stopwatch.GetTimestamp());
        return check.Commits == Volatile.Read(ref commitsSeen) && check.At - Volatile.Read(ref checkedAt) < ExternalWritesEvery
            ? null
            : check;
    }

    /// <summary>Records that everything committed before <paramref name="check"/> is taken in.</summary>
    private void Seen(FeedCheck check)
    {
        Volatile.Write(ref checkedAt, check.At);
        Volatile.Write(ref commitsSeen, check.Commits);
    }

    private void RaiseHead(long seen)
    {
        var current = Interlocked.Read(ref head);
        while (seen > current && Interlocked.CompareExchange(ref head, seen, current) != current)
        {
            current = Interlocked.Read(ref head);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The change feed was pruned past this replica's position {Position}: it missed writes and reports not ready; restart it to load again")]
    private partial void LogFellBehind(long position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read model loaded at change {Position}")]
    private partial void LogLoaded(long position);

    /// <summary>When the feed was looked at: this process's commit count and the time.</summary>
    private readonly record struct FeedCheck(long Commits, long At);

    private sealed record Batch(
        long UpTo, ClaimIndex.Rows Rows, IReadOnlyCollection<long> RelationIds, IReadOnlyList<GraphEdge> Relations, SourceNameIndex.Changes? Names, bool Missed);
}
