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
    public async Task ContradictionsShowEditedClaimsAndDeletedRelationsOnTheNextRead()
    {
        var editor = await api.Editor();
        var first = await Seed.Source(editor, name: "First speaker");
        var second = await Seed.Source(editor, name: "Second speaker");
        var subject = $"fresh-{Guid.NewGuid():N}";
        var claim = await Seed.Claim(editor, first.Id(), text: "Troops crossed the border", subject: subject);
        var denial = await Seed.Claim(editor, first.Id(), text: "No troops crossed", subject: subject, stance: "denies");
        var relation = (await Seed.Relation(editor, denial.Id(), claim.Id(), "denies")).Id();

        // Read once, both unfiltered and by subject, so whatever a list keeps of it is kept now.
        foreach (var query in new[] { "limit=500", $"subject={subject}" })
        {
            var from = (await Contradiction(query, relation)).GetProperty("from");
            Assert.Equal("No troops crossed", from.GetProperty("text").GetString());
            Assert.Equal("First speaker", from.GetProperty("speaker").GetProperty("name").GetString());
        }

        (await editor.PatchJson($"/v1/claims/{denial.Id()}", new { text = "لم تعبر أي قوات", speakerId = second.Id(), stance = "asserts" }))
            .EnsureSuccessStatusCode();
        (await editor.PatchJson($"/v1/sources/{second.Id()}", new { name = "وكالة تسنيم" })).EnsureSuccessStatusCode();
        foreach (var query in new[] { "limit=500", $"subject={subject}" })
        {
            var from = (await Contradiction(query, relation)).GetProperty("from");
            Assert.Equal("لم تعبر أي قوات", from.GetProperty("text").GetString());
            Assert.Equal("asserts", from.GetProperty("stance").GetString());
            Assert.Equal(second.Id(), from.GetProperty("speaker").Id());
            Assert.Equal("وكالة تسنيم", from.GetProperty("speaker").GetProperty("name").GetString());
        }

        // The claim moves off the subject: the other claim keeps the relation on it.
        (await editor.PatchJson($"/v1/claims/{claim.Id()}", new { subject = $"elsewhere-{Guid.NewGuid():N}" })).EnsureSuccessStatusCode();
        Assert.Equal(subject, (await Contradiction($"subject={subject}", relation)).GetProperty("from").GetProperty("subject").GetString());
        Assert.NotEqual(subject, (await Contradiction($"subject={subject}", relation)).GetProperty("to").GetProperty("subject").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await editor.Delete($"/v1/relations/{relation}")).StatusCode);
        Assert.DoesNotContain(relation, await ContradictionIds("limit=500"));
        Assert.Empty(await ContradictionIds($"subject={subject}"));
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
        (await editor.PostJson($"/v1/claims/{support.Id()}/verdicts", new { rating = "mostly-true", reviewer = "مكتب التحقق", originalLabel = "صحيح \"غالباً\"" })).EnsureSuccessStatusCode();
        (await editor.PostJson($"/v1/claims/{denial.Id()}/verdicts", new { rating = "false", reviewer = "Desk" })).EnsureSuccessStatusCode();

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
        Assert.Contains(contract.Nodes, n => n.LatestVerdict is { Reviewer: "مكتب التحقق", OriginalLabel: "صحيح \"غالباً\"" });
        Assert.Contains(contract.Nodes, n => n.LatestVerdict is { Reviewer: "Desk", OriginalLabel: null });
        Assert.Equal(written, JsonSerializer.Serialize(contract, options));
    }

    [Fact]
    public async Task TheContradictionsPageIsWrittenExactlyAsItsContractSerializes()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, name: "وكالة تسنيم");
        var other = await Seed.Source(editor, name: "Bloomberg \"quoted\"", kind: "anonymous");
        var subject = $"page-{Guid.NewGuid():N}";
        var claim = await Seed.Claim(editor, speaker.Id(), text: "قوات \"إيرانية\" في سوريا", subject: subject);
        var denial = await Seed.Claim(editor, other.Id(), subject: subject, stance: "denies");
        var unsubjected = await Seed.Claim(editor, other.Id());
        await Seed.Relation(editor, denial.Id(), claim.Id(), "denies");
        await Seed.Relation(editor, unsubjected.Id(), claim.Id(), "refutes");
        (await editor.PostJson($"/v1/claims/{denial.Id()}/verdicts", new { rating = "mostly-true", reviewer = "Desk" })).EnsureSuccessStatusCode();

        // As the service's own options are: reflection for what the source-generated context lacks.
        var options = new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        CredibilityApi.Http.Json.Configure(options);
        foreach (var query in new[] { $"subject={subject}&limit=1", $"subject={subject}", "status=resolved&limit=500" })
        {
            var response = await api.Anonymous().GetAsync($"/v1/contradictions?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var written = await response.Content.ReadAsStringAsync();
            var contract = JsonSerializer.Deserialize<CredibilityApi.Http.Page<CredibilityApi.Chains.ContradictionResponse>>(written, options);
            Assert.NotNull(contract);
            Assert.NotEmpty(contract.Items);
            Assert.Equal(written, JsonSerializer.Serialize(contract, options));
        }
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

    private async Task<JsonElement> Contradiction(string query, long relation) =>
        (await (await api.Anonymous().GetAsync($"/v1/contradictions?{query}")).AssertJson(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("relation").Id() == relation);

    private async Task<List<long>> ContradictionIds(string query) =>
        [.. (await (await api.Anonymous().GetAsync($"/v1/contradictions?{query}")).AssertJson(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("relation").Id())];
}
