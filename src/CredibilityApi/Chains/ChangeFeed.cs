using System.Diagnostics;
using CredibilityApi.Data;
using Dapper;

namespace CredibilityApi.Chains;

/// <summary>
/// Reads and prunes the trigger-filled change tables (<c>relation_changes</c>, <c>claim_changes</c>,
/// <c>source_changes</c>) through which every writer reaches the in-memory chain structures. One
/// service process reads each feed; entries it has applied are deleted in batches.
/// </summary>
public sealed class ChangeFeed(Db db, string table)
{
    private const int PruneEvery = 10_000;

    /// <summary>Writes by other processes (a shell, a bulk load) are picked up at least this often.</summary>
    private static readonly long ExternalWritesEvery = Stopwatch.Frequency;

    private long pruned;
    private long commitsSeen = -1;
    private long checkedAt;

    /// <summary>
    /// Null when the feed cannot hold anything new: this process has committed nothing since the
    /// last applied look and less than a second has passed (writers outside it are picked up
    /// within that). Saves a query on nearly every read. Pass the answer to <see cref="Seen"/>
    /// once what the feed held is applied.
    /// </summary>
    public FeedCheck? Check()
    {
        var check = new FeedCheck(db.Commits, Stopwatch.GetTimestamp());
        return check.Commits == Volatile.Read(ref commitsSeen) && check.At - Volatile.Read(ref checkedAt) < ExternalWritesEvery
            ? null
            : check;
    }

    /// <summary>Records that everything committed before <paramref name="check"/> is applied.</summary>
    public void Seen(FeedCheck? check)
    {
        if (check is { } c)
        {
            Volatile.Write(ref checkedAt, c.At);
            Volatile.Write(ref commitsSeen, c.Commits);
        }
    }

    public Task<long> PositionAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction) =>
        connection.ExecuteScalarAsync<long>($"SELECT coalesce(max(seq), 0) FROM {table}", transaction: transaction);

    /// <summary>The entries after <paramref name="seq"/>, oldest first.</summary>
    public async Task<List<T>> SinceAsync<T>(string columns, long seq, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<T>($"SELECT {columns} FROM {table} WHERE seq > @seq ORDER BY seq", new { seq }), ct)).ToList();

    /// <summary>Deletes what has been applied but the last entry, once enough has piled up (or always, when asked at start-up).</summary>
    public async Task PruneAsync(long applied, bool force, CancellationToken ct)
    {
        if (!force && applied - Volatile.Read(ref pruned) < PruneEvery)
        {
            return;
        }
        // The row at `applied` stays: seq is a plain INTEGER PRIMARY KEY, which numbers a new row
        // max(seq) + 1, so an emptied table would start again at 1, below the position readers
        // resume from, and hide every later write (as after a restart). It is never read again.
        await db.WriteAsync((c, tx) => c.ExecuteAsync($"DELETE FROM {table} WHERE seq < @applied", new { applied }, tx), ct);
        Volatile.Write(ref pruned, applied);
    }
}

/// <summary>When a feed was looked at: this process's commit count and the time.</summary>
public readonly record struct FeedCheck(long Commits, long At);
