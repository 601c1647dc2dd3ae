using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CredibilityApi.Data;

/// <summary>Where the rows live: an SQLite file (the default) or a PostgreSQL database.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Opens connections to the store. Reads run on their own pooled connection; every write is one
/// transaction, and a 2xx is only answered after its commit. On SQLite, writes go through one
/// in-process gate, so concurrent writers queue instead of failing with SQLITE_BUSY. On PostgreSQL
/// there is no in-process gate: several processes write to one database, so each write transaction
/// first takes the change feed's transaction-level advisory lock (<see cref="FeedLock"/>), which
/// numbers the feed in commit order for every replica that follows it; row versions and unique
/// constraints do the rest, as on SQLite.
/// </summary>
public sealed class Db : IDisposable
{
    /// <summary>
    /// The advisory lock every PostgreSQL write transaction holds from its start to its commit (the
    /// feed's triggers take it too, for writers outside the service): entries of the change feed are
    /// numbered in the order their transactions commit, so a reader that has seen entry n has seen
    /// every entry below it.
    /// </summary>
    public const long FeedLock = 1129465156;

    /// <summary>
    /// The page cache of each pooled SQLite connection (512 KiB): small, as the OS file cache is shared
    /// by all of them. A bulk writer raises its own for one transaction (<see cref="RowWriter"/>).
    /// </summary>
    private const string SmallCache = "PRAGMA cache_size = -512;";

    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly NpgsqlDataSource? postgres;
    private long commits;

    public Db(string connectionString, StorageProvider provider = StorageProvider.Sqlite)
    {
        Provider = provider;
        if (provider == StorageProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            ConnectionString = builder.ConnectionString;
            DataSource = $"{builder.Host}:{builder.Port}/{builder.Database}";
            postgres = NpgsqlDataSource.Create(builder);
        }
        else
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
    }

    public StorageProvider Provider { get; }

    public bool IsPostgres => Provider == StorageProvider.Postgres;

    public string ConnectionString { get; }

    /// <summary>The SQLite file, or host:port/database on PostgreSQL: what logs and problems name.</summary>
    public string DataSource { get; }

    public void Dispose()
    {
        writeGate.Dispose();
        postgres?.Dispose();
    }

    /// <summary>
    /// Counts the write transactions this process has committed, and on PostgreSQL the other
    /// replicas' commits it has been told of; caches compare it to skip re-checking the store.
    /// </summary>
    public long Commits => Interlocked.Read(ref commits);

    /// <summary>Notes that the store changed under this process (another replica's commit).</summary>
    public void ChangedElsewhere() => Interlocked.Increment(ref commits);

    static Db()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(ct);
        }
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        // Another process (a backup, the sqlite3 shell) may hold the write lock briefly.
        await connection.ExecuteAsync("PRAGMA busy_timeout = 10000; " + SmallCache);
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await read(connection);
    }

    /// <summary>
    /// A transaction that sees one state of the store for all its statements: SQLite's deferred
    /// transaction, PostgreSQL's REPEATABLE READ.
    /// </summary>
    public DbTransaction BeginSnapshot(DbConnection connection) =>
        connection switch
        {
            SqliteConnection sqlite => sqlite.BeginTransaction(deferred: true),
            _ => connection.BeginTransaction(IsolationLevel.RepeatableRead),
        };

    /// <summary>
    /// Runs <paramref name="work"/> on an SQLite connection of its own while holding the write gate, with
    /// no transaction: in-process writers queue meanwhile instead of making it restart (an online backup).
    /// </summary>
    public async Task<T> WhileWritesWaitAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        if (IsPostgres)
        {
            throw new NotSupportedException("Only an SQLite store holds its writers in this process.");
        }
        await writeGate.WaitAsync(ct);
        try
        {
            await using var connection = (SqliteConnection)await OpenAsync(CancellationToken.None);
            return work(connection);
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="write"/> in one transaction and commits it.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        if (postgres is not null)
        {
            await using var connection = await postgres.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@FeedLock)", new { FeedLock }, transaction);
            var result = await write(connection, transaction);
            await transaction.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref commits);
            return result;
        }

        await writeGate.WaitAsync(ct);
        try
        {
            await using var connection = (SqliteConnection)await OpenAsync(CancellationToken.None);
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
