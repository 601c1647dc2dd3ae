using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Credibility;

/// <summary>Rankings and decay, each over a database of its own so no other test's sources take part.</summary>
public sealed class RankingsAndDecayTests
{
    [Fact]
    public async Task OneGoodClaimNeverOutranksFiftyMiddlingOnes()
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        var lucky = await Seed.Source(editor, kind: "person");
        var steady = await Seed.Source(editor, kind: "outlet");
        await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, lucky.Id())).Id(), "true");
        for (var i = 0; i < 50; i++)
        {
            await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, steady.Id())).Id(), "mixed");
        }

        // By the mean alone the lucky one would lead: 2/3 against 26/52.
        var all = await Rankings(api, "?minEvidence=1");
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([steady.Id(), lucky.Id()], items.Select(i => i.GetProperty("source").Id()));
        Assert.Equal([1, 2], items.Select(i => i.GetProperty("rank").GetInt32()));
        Assert.Equal(0.5, items[0].GetProperty("score").GetDouble(), 9);
        Assert.Equal(2.0 / 3, items[1].GetProperty("score").GetDouble(), 9);
        Assert.Equal(50, items[0].GetProperty("claims").GetInt32());
        Assert.Equal(1, all.GetProperty("minEvidence").GetDouble());

        // Under the default threshold of 3 the single claim is left out altogether.
        var ranked = await Rankings(api, "");
        Assert.Equal([steady.Id()], ranked.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("source").Id()));
        Assert.Equal(3, ranked.GetProperty("minEvidence").GetDouble());
        Assert.Equal("interval-low", ranked.GetProperty("method").GetProperty("rankedBy").GetString());

        Assert.Equal([lucky.Id()], (await Rankings(api, "?minEvidence=1&kind=person")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("source").Id()));
        Assert.Single((await Rankings(api, "?minEvidence=1&limit=1")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task EvidenceLosesHalfItsWeightEachHalfLife()
    {
        using var api = new ApiFactory().With("Credibility:HalfLifeDays", "30");
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var now = DateTimeOffset.UtcNow;
        await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, speaker.Id())).Id(), "true", now.AddDays(-30));
        await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, speaker.Id())).Id(), "false", now.AddDays(-60));

        // weights ½ (true) and ¼ (false): Beta(1.5, 1.25); seconds of test time move the last digits only
        var credibility = await (await api.Anonymous().GetAsync($"/v1/sources/{speaker.Id()}/credibility")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(1.5 / 2.75, credibility.GetProperty("score").GetDouble(), 5);
        Assert.Equal(0.75, credibility.GetProperty("evidence").GetProperty("weight").GetDouble(), 5);
        Assert.Equal(30, credibility.GetProperty("method").GetProperty("halfLifeDays").GetDouble());
        var weights = credibility.GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("weight").GetDouble()).Order().ToList();
        Assert.Equal(0.25, weights[0], 5);
        Assert.Equal(0.5, weights[1], 5);
    }

    private static async Task<JsonElement> Rankings(ApiFactory api, string query) =>
        await (await api.Anonymous().GetAsync($"/v1/credibility/rankings{query}")).AssertJson(HttpStatusCode.OK);
}
