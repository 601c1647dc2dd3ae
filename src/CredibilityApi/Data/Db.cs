using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Data;

/// <summary>
/// Opens connections to the SQLite store. Reads run on their own pooled connection; writes go
/// through one in-process gate, one transaction each, so concurrent writers queue instead of
/// failing with SQLITE_BUSY, and a 2xx is only answered after the commit.
/// </summary>
public sealed class Db : IDisposable
{
    /// <summary>
    /// The page cache of each pooled connection (512 KiB): small, as the OS file cache is shared by
    /// all of them. A bulk writer raises its own for one transaction (<see cref="RowWriter"/>).
    /// </summary>
    private const string SmallCache = "PRAGMA cache_size = -512;";

    private readonly SemaphoreSlim writeGate = new(1, 1);
    private long commits;

    public Db(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        };
        ConnectionString = builder.ConnectionString;
        DataSource = builder.DataSource;
    }

    public string ConnectionString { get; }

    public void Dispose() => writeGate.Dispose();

    public string DataSource { get; }

    /// <summary>Counts the write transactions this process has committed; caches compare it to skip re-checking the store.</summary>
    public long Commits => Interlocked.Read(ref commits);

    static Db()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        // Another process (a backup, the sqlite3 shell) may hold the write lock briefly.
        await connection.ExecuteAsync("PRAGMA busy_timeout = 10000; " + SmallCache);
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await read(connection);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection of its own while holding the write gate, with no
    /// transaction: in-process writers queue meanwhile instead of making it restart (an online backup).
    /// </summary>
    public async Task<T> WhileWritesWaitAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        await writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            return work(connection);
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="write"/> in one IMMEDIATE transaction and commits it.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, IDbTransaction, Task<T>> write, CancellationToken ct)
    {
        await writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            try
            {
                // deferred: false starts the transaction with BEGIN IMMEDIATE, taking the write lock up front.
                await using var transaction = connection.BeginTransaction(deferred: false);
                var result = await write(connection, transaction);
                await transaction.CommitAsync(CancellationToken.None);
                Interlocked.Increment(ref commits);
                return result;
            }
            finally
            {
                // The transaction is over (committed, or rolled back as it was disposed): a bulk
                // writer's larger cache goes back now, not before (shrunk mid-transaction it would
                // spill its dirty pages), nor left to a pooled connection standing idle.
                SQLitePCL.raw.sqlite3_exec(connection.Handle, SmallCache);
            }
        }
        finally
        {
            writeGate.Release();
        }
    }
}
