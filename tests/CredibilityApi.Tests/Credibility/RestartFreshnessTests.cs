using System.Net;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Credibility;

/// <summary>
/// Start-up prunes the change feeds the in-memory index and graph follow. Writes after a restart
/// must still reach them: a feed whose sequence restarted at 1 below the position already applied
/// would hide every later write from scores and chains.
/// </summary>
public sealed class RestartFreshnessTests : IDisposable
{
    private readonly string database = ApiFactory.NewDatabasePath();

    [Fact]
    public async Task AVerdictWrittenAfterARestartChangesTheNextRead()
    {
        long speakerId, claimId;
        using (var before = ApiFactory.Over(database))
        {
            var editor = await before.Editor();
            speakerId = (await Seed.Source(editor)).Id();
            claimId = (await Seed.Claim(editor, speakerId)).Id();
            await CredibilityTests.Verdict(editor, claimId, "true", DateTimeOffset.UtcNow.AddDays(-1));
        }

        using var after = ApiFactory.Over(database);
        var admin = after.Admin();
        var score = await Score(after, speakerId);
        Assert.Equal(2.0 / 3, score, 9);

        await CredibilityTests.Verdict(admin, claimId, "false");
        Assert.Equal(1.0 / 3, await Score(after, speakerId), 9);

        var relay = await Seed.Source(admin);
        (await admin.PatchJson($"/v1/claims/{claimId}", new { via = new[] { relay.Id() } })).EnsureSuccessStatusCode();
        var chain = await (await after.Anonymous().GetAsync($"/v1/claims/{claimId}/provenance")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, chain.GetProperty("hops").GetArrayLength());
        Assert.Equal(1 / 2.5, await Score(after, relay.Id()), 9);
    }

    public void Dispose() => ApiFactory.DeleteDatabase(database);

    private static async Task<double> Score(ApiFactory api, long sourceId) =>
        (await (await api.Anonymous().GetAsync($"/v1/sources/{sourceId}/credibility")).AssertJson(HttpStatusCode.OK))
            .GetProperty("score").GetDouble();
}
