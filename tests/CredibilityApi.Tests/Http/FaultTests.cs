using System.Net;
using CredibilityApi.Tests.Infrastructure;
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
        // Replace the database with a file that is not one: the next read fails inside SQLite.
        SqliteConnection.ClearAllPools();
        ApiFactory.DeleteDatabase(api.DatabasePath);
        await File.WriteAllTextAsync(api.DatabasePath, new string('x', 4096));

        var response = await client.GetAsync("/v1/sources");

        var problem = await response.AssertProblem(HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SELECT", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("detail", out _));
    }
}
