using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>
/// The store the tests run against, chosen for the whole run: an SQLite file per database (the
/// default), or, with <c>CREDIBILITY_TEST_PROVIDER=postgres</c>, a PostgreSQL database per database on
/// the server named by <c>CREDIBILITY_TEST_POSTGRES</c> (a connection string to a database the user can
/// create others from; <c>.ci/run</c> starts a throwaway cluster for it). A database is named by a
/// token: the SQLite file's path, or the PostgreSQL database's name.
/// </summary>
public static class TestStore
{
    public const string ProviderVariable = "CREDIBILITY_TEST_PROVIDER";
    public const string ServerVariable = "CREDIBILITY_TEST_POSTGRES";

    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of <c>Storage:Provider</c> for the service under test.</summary>
    public static string Provider => IsPostgres ? "postgres" : "sqlite";

    private static string Server =>
        Environment.GetEnvironmentVariable(ServerVariable)
        ?? throw new InvalidOperationException($"{ProviderVariable}=postgres needs {ServerVariable}, a connection string to the test server.");

    /// <summary>A fresh, empty database; the caller deletes it (<see cref="Delete"/>).</summary>
    public static string NewDatabase()
    {
        if (!IsPostgres)
        {
            return Path.Combine(Path.GetTempPath(), $"credibility-test-{Guid.NewGuid():N}.db");
        }
        var name = $"credibility_test_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        create.ExecuteNonQuery();
        return name;
    }

    /// <summary>The service's <c>ConnectionStrings:Credibility</c> for a database.</summary>
    public static string ConnectionString(string database) =>
        IsPostgres
            ? new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString
            : $"Data Source={database}";

    /// <summary>An open connection to a database, to look at rows the API does not show.</summary>
    public static DbConnection Open(string database)
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = database, Pooling = false }.ConnectionString)
            : new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>Deletes a database: the SQLite file and its WAL companions, or the PostgreSQL database.</summary>
    public static void Delete(string database)
    {
        if (!IsPostgres)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>
    /// On PostgreSQL, takes a database away from the service as an outage would (no new connections,
    /// the open ones ended) or gives it back.
    /// </summary>
    public static void SetReachable(string database, bool reachable)
    {
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var allow = new NpgsqlCommand($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS {(reachable ? "true" : "false")}", connection);
        allow.ExecuteNonQuery();
        if (!reachable)
        {
            using var end = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()", connection);
            end.Parameters.AddWithValue("database", database);
            end.ExecuteScalar();
        }
    }

    /// <summary>Lets go of pooled connections to a database kept for a later service.</summary>
    public static void Release()
    {
        if (IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
