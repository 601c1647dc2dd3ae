using System.Net;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Tests.Data;

public sealed class MigrationsTests
{
    [Fact]
    public async Task StartUpAppliesEveryMigrationOnceWithItsChecksum()
    {
        var path = ApiFactory.NewDatabasePath();
        try
        {
            for (var start = 0; start < 2; start++)
            {
                using var api = ApiFactory.Over(path);
                Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/readyz")).StatusCode);
            }

            await using var connection = Open(path);
            var files = Directory.GetFiles(Path.Combine(Repository.Root, "migrations"), "*.sql").Select(Path.GetFileName).Order().ToList();
            var journal = await Rows(connection, "SELECT ScriptName, Checksum FROM schema_versions ORDER BY ScriptName");
            Assert.Equal(files, journal.Select(r => r[0]));
            foreach (var row in journal)
            {
                var text = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "migrations", row[0]));
                Assert.Equal(Migrator.Checksum(text), row[1]);
            }
            Assert.Equal("wal", (await Rows(connection, "PRAGMA journal_mode"))[0][0]);
        }
        finally
        {
            ApiFactory.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task AnAppliedMigrationThatWasEditedStopsStartUp()
    {
        var path = ApiFactory.NewDatabasePath();
        try
        {
            using (var api = ApiFactory.Over(path))
            {
                Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/readyz")).StatusCode);
            }
            // What the journal recorded no longer matches the script's text: as if the file had been edited.
            await using (var connection = Open(path, SqliteOpenMode.ReadWrite))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE schema_versions SET Checksum = 'edited' WHERE ScriptName = '0001_create_sources.sql'";
                await command.ExecuteNonQueryAsync();
            }

            using var restarted = ApiFactory.Over(path);
            var error = Assert.Throws<InvalidOperationException>(() => restarted.CreateClient());
            Assert.Contains("0001_create_sources.sql", error.Message, StringComparison.Ordinal);
            Assert.Contains("edited after it was applied", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            ApiFactory.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task HealthAndReadinessAnswer()
    {
        using var api = new ApiFactory();
        var client = api.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal("Healthy", await (await client.GetAsync("/readyz")).Content.ReadAsStringAsync());
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task<List<string[]>> Rows(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i))]);
        }
        return rows;
    }
}
