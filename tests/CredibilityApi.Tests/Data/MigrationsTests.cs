using System.Data.Common;
using System.Net;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;

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

            await using var connection = TestStore.Open(path);
            // PostgreSQL's dialect of each migration, under the same name (its journal's columns are lower case).
            var folder = TestStore.IsPostgres ? Path.Combine(Repository.Root, "migrations", "postgres") : Path.Combine(Repository.Root, "migrations");
            var files = Directory.GetFiles(folder, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var journal = await Rows(connection, "SELECT scriptname, checksum FROM schema_versions");
            Assert.Equal(files, journal.Select(r => r[0]).Order(StringComparer.Ordinal));
            Assert.Equal(
                (TestStore.IsPostgres ? Migrator.PostgresScripts : Migrator.Scripts).Select(s => s.Name).Order(StringComparer.Ordinal),
                files);
            foreach (var row in journal)
            {
                var text = await File.ReadAllTextAsync(Path.Combine(folder, row[0]));
                Assert.Equal(Migrator.Checksum(text), row[1]);
            }
            if (!TestStore.IsPostgres)
            {
                Assert.Equal("wal", (await Rows(connection, "PRAGMA journal_mode"))[0][0]);
            }
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
            await using (var connection = TestStore.Open(path))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE schema_versions SET checksum = 'edited' WHERE scriptname = '0001_create_sources.sql'";
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
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

    private static async Task<List<string[]>> Rows(DbConnection connection, string sql)
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
