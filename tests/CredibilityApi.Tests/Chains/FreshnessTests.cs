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

    [Fact]
    public async Task TheChainIsWrittenExactlyAsItsContractSerializes()
    {
        // The chain is written by hand for speed; read back into the contract's records with the
        // API's own options (unknown fields refused) and written again, it must be the same text.
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, name: "وكالة تسنيم");
        var relay = await Seed.Source(editor, name: "Bloomberg \"quoted\"");
        var claim = await Seed.Claim(editor, speaker.Id());
        var denial = await Seed.Claim(editor, speaker.Id(), stance: "denies");
        (await editor.PatchJson($"/v1/claims/{denial.Id()}", new { via = new[] { relay.Id() } })).EnsureSuccessStatusCode();
        var support = await Seed.Claim(editor, relay.Id());
        await Seed.Relation(editor, denial.Id(), claim.Id(), "denies");
        await Seed.Relation(editor, support.Id(), claim.Id(), "supports");
        await Seed.Relation(editor, support.Id(), denial.Id(), "supports");
        (await editor.PostJson($"/v1/claims/{support.Id()}/verdicts", new { rating = "mostly-true", reviewer = "مكتب التحقق" })).EnsureSuccessStatusCode();

        var response = await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}/chain?depth=3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var written = await response.Content.ReadAsStringAsync();
        var options = new JsonSerializerOptions();
        CredibilityApi.Http.Json.Configure(options);
        var contract = JsonSerializer.Deserialize<CredibilityApi.Chains.ChainResponse>(written, options);
        Assert.NotNull(contract);
        Assert.Equal(3, contract.Nodes.Count);
        Assert.Equal([denial.Id(), support.Id()], contract.Sides.Conflicted);
        Assert.Contains(contract.Nodes, n => n.LatestVerdict is { Reviewer: "مكتب التحقق" });
        Assert.Equal(written, JsonSerializer.Serialize(contract, options));
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
