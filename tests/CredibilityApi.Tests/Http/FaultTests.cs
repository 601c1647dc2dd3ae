using System.Net;
using CredibilityApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Tests.Http;

public sealed class FaultTests
{
    [Fact]
    public async Task AFaultOutsideDevelopmentAnswersAProblemWithoutStackOrSql()
    {
        using var api = new ApiFactory();
        var client = api.Anonymous();
        await (await client.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        if (TestStore.IsPostgres)
        {
            // Take the table away under the service: the next read fails inside PostgreSQL.
            await using var connection = api.OpenDatabase();
            await connection.ExecuteAsync("ALTER TABLE sources RENAME TO sources_taken_away");
        }
        else
        {
            // Replace the database with a file that is not one: the next read fails inside SQLite.
            SqliteConnection.ClearAllPools();
            ApiFactory.DeleteDatabase(api.DatabasePath);
            await File.WriteAllTextAsync(api.DatabasePath, new string('x', 4096));
        }

        var response = await client.GetAsync("/v1/sources");

        var problem = await response.AssertProblem(HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Postgres", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Npgsql", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("taken_away", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("detail", out _));
    }
}
