using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Tests.Reads;

/// <summary>
/// The read model follows one change feed that every writer reaches, the API or another process
/// writing the database (a shell, a bulk load): such writes show within seconds, with no
/// request to the service to announce them.
/// </summary>
public sealed class ReadModelTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AnArticlesNewPublisherReachesChainsProvenanceAndCredibility()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, name: "A minister", kind: "person");
        var before = await Seed.Source(editor, name: "First publisher");
        var after = await Seed.Source(editor, name: "Second publisher");
        var article = await Seed.Article(editor, before.Id());
        var claim = await Seed.Claim(editor, speaker.Id(), articleId: article.Id());
        await (await editor.PostJson($"/v1/claims/{claim.Id()}/verdicts", new { rating = "true", reviewer = "Desk" })).AssertJson(HttpStatusCode.Created);
        Assert.Equal([speaker.Id(), before.Id()], await Attribution(claim.Id()));
        // The publisher weighs ½ after the speaker: Beta(1 + ½, 1).
        Assert.Equal(1.5 / 2.5, await Score(before.Id()), 9);
        Assert.Equal(0.5, await Score(after.Id()), 9);

        // No endpoint edits an article's publisher: another process does, in the database.
        Execute($"UPDATE articles SET publisher_id = {after.Id()} WHERE id = {article.Id()}");

        await Eventually(async () => (await Attribution(claim.Id())).SequenceEqual([speaker.Id(), after.Id()]));
        var hops = (await Get($"/v1/claims/{claim.Id()}/provenance")).GetProperty("hops").EnumerateArray().ToList();
        Assert.Equal([speaker.Id(), after.Id()], hops.Select(h => h.GetProperty("source").Id()));
        Assert.Equal("publisher", hops[1].GetProperty("role").GetString());
        Assert.Equal(1.5 / 2.5, hops[1].GetProperty("credibility").GetProperty("score").GetDouble(), 9);
        Assert.Equal(1.5 / 2.5, await Score(after.Id()), 9);
        Assert.Equal(0.5, await Score(before.Id()), 9);
        var evidence = (await Get($"/v1/sources/{after.Id()}/credibility")).GetProperty("evidence");
        Assert.Equal(1, evidence.GetProperty("asPublisher").GetInt32());
        Assert.Equal(0, (await Get($"/v1/sources/{before.Id()}/credibility")).GetProperty("evidence").GetProperty("asPublisher").GetInt32());
    }

    [Fact]
    public async Task AnotherProcesssRelationsAndRenamesReachTheChain()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, name: "Outlet before the rename");
        var claim = await Seed.Claim(editor, speaker.Id());
        var denial = await Seed.Claim(editor, speaker.Id(), stance: "denies");
        Assert.Equal(1, (await Chain(claim.Id())).GetProperty("nodes").GetArrayLength());

        Execute($"""
            INSERT INTO relations (from_claim_id, to_claim_id, type, created_at) VALUES ({denial.Id()}, {claim.Id()}, 'denies', '2026-01-01T00:00:00.000Z');
            UPDATE sources SET name = 'Outlet after the rename' WHERE id = {speaker.Id()};
            """);
        await Eventually(async () => (await Chain(claim.Id())).GetProperty("nodes").GetArrayLength() == 2);
        var chain = await Chain(claim.Id());
        Assert.Equal("Outlet after the rename", Assert.Single(chain.GetProperty("sources").EnumerateArray()).GetProperty("name").GetString());
        var resolved = await Get("/v1/sources/resolve?name=Outlet%20after%20the%20rename");
        Assert.Equal(speaker.Id(), resolved.GetProperty("items")[0].GetProperty("source").Id());

        Execute($"DELETE FROM relations WHERE from_claim_id = {denial.Id()}");
        await Eventually(async () => (await Chain(claim.Id())).GetProperty("nodes").GetArrayLength() == 1);
    }

    private void Execute(string sql)
    {
        if (TestStore.IsPostgres)
        {
            using var other = api.OpenDatabase();
            other.Execute(sql);
            return;
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = api.DatabasePath,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000; " + sql;
        command.ExecuteNonQuery();
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Not seen within {Patience.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    private async Task<long[]> Attribution(long claimId) =>
        [.. (await Chain(claimId)).GetProperty("nodes")[0].GetProperty("attribution").EnumerateArray().Select(id => id.GetInt64())];

    private Task<JsonElement> Chain(long claimId) => Get($"/v1/claims/{claimId}/chain");

    private async Task<double> Score(long sourceId) => (await Get($"/v1/sources/{sourceId}/credibility")).GetProperty("score").GetDouble();

    private async Task<JsonElement> Get(string url) => await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);
}
