using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Chains;

/// <summary>Chains and provenance are answered from memory; every acknowledged write must show on the next read.</summary>
public sealed class FreshnessTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ChangedSpeakerRelaysAndSourceNamesShowOnTheNextRead()
    {
        var editor = await api.Editor();
        var first = await Seed.Source(editor, name: "First speaker");
        var second = await Seed.Source(editor, name: "Second speaker");
        var relay = await Seed.Source(editor, name: "A relay");
        var claim = await Seed.Claim(editor, first.Id());
        Assert.Equal(["First speaker"], await AttributionNames(claim.Id()));

        (await editor.PatchJson($"/v1/claims/{claim.Id()}", new { speakerId = second.Id(), via = new[] { relay.Id() } })).EnsureSuccessStatusCode();
        Assert.Equal(["Second speaker", "A relay"], await AttributionNames(claim.Id()));

        (await editor.PatchJson($"/v1/sources/{relay.Id()}", new { name = "وكالة تسنيم" })).EnsureSuccessStatusCode();
        Assert.Equal(["Second speaker", "وكالة تسنيم"], await AttributionNames(claim.Id()));

        (await editor.PatchJson($"/v1/claims/{claim.Id()}", new { via = Array.Empty<long>() })).EnsureSuccessStatusCode();
        Assert.Equal(["Second speaker"], await AttributionNames(claim.Id()));
    }

    [Fact]
    public async Task AVerdictShowsOnTheChainNodeAtOnce()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var claim = await Seed.Claim(editor, speaker.Id());
        var denial = await Seed.Claim(editor, speaker.Id(), stance: "denies");
        await Seed.Relation(editor, denial.Id(), claim.Id(), "denies");

        var verdict = await (await editor.PostJson($"/v1/claims/{denial.Id()}/verdicts", new { rating = "mostly-false", reviewer = "Desk" }))
            .AssertJson(HttpStatusCode.Created);

        var chain = await (await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}/chain")).AssertJson(HttpStatusCode.OK);
        var node = chain.GetProperty("nodes").EnumerateArray().Single(n => n.Id() == denial.Id());
        Assert.Equal("mostly-false", node.GetProperty("status").GetString());
        Assert.Equal(verdict.Id(), node.GetProperty("latestVerdict").Id());
        Assert.Equal("Desk", node.GetProperty("latestVerdict").GetProperty("reviewer").GetString());
        Assert.Equal("denies", node.GetProperty("stance").GetString());
    }

    private async Task<string[]> AttributionNames(long claimId)
    {
        var provenance = await (await api.Anonymous().GetAsync($"/v1/claims/{claimId}/provenance")).AssertJson(HttpStatusCode.OK);
        var chain = await (await api.Anonymous().GetAsync($"/v1/claims/{claimId}/chain")).AssertJson(HttpStatusCode.OK);
        var names = chain.GetProperty("sources").EnumerateArray().ToDictionary(s => s.Id(), Name);
        var fromChain = chain.GetProperty("nodes")[0].GetProperty("attribution").EnumerateArray().Select(id => names[id.GetInt64()]).ToArray();
        var fromProvenance = provenance.GetProperty("hops").EnumerateArray().Select(h => Name(h.GetProperty("source"))).ToArray();
        Assert.Equal(fromProvenance, fromChain);
        return fromChain;
    }

    private static string Name(JsonElement source) => source.GetProperty("name").GetString()!;
}
