using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Credibility;

/// <summary>
/// Affiliations: a source with little evidence starts from its affiliation's pooled record
/// (prior Beta(1, 1), affiliation prior strength K = 8, the defaults), checked by hand.
/// </summary>
public sealed class AffiliationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const double K = 8;

    [Fact]
    public async Task AThinSpeakerBorrowsItsPartysPooledRecord()
    {
        var editor = await api.Editor();
        var party = await Seed.Source(editor, kind: "organization");
        var first = await Member(editor, party.Id());
        var second = await Member(editor, party.Id());
        var thin = await Member(editor, party.Id());
        // The party's members: 4 true and 1 false each, 8 true of 10 in all.
        foreach (var member in new[] { first, second })
        {
            await Rated(editor, member, "true", "true", "true", "true", "false");
        }
        await Rated(editor, thin, "false");

        // The thin speaker's pool leaves its own claim out: 8 true of 10 under the party's Beta(1, 1),
        // m = (1 + 8) / (2 + 10) = .75, so its prior is Beta(.75·8, .25·8) = Beta(6, 2) and with its
        // one false claim Beta(6, 3): 6 / 9 (alone it would have 1 / 3).
        var score = await Credibility(thin);
        Assert.Equal(6.0 / 9, score.GetProperty("score").GetDouble(), 9);
        Assert.Equal(party.Id(), score.GetProperty("affiliation").GetProperty("id").GetInt64());
        Assert.Equal("insufficient-evidence", score.GetProperty("status").GetString());
        Assert.Equal(1, score.GetProperty("evidence").GetProperty("weight").GetDouble(), 12);
        var contributions = score.GetProperty("contributions").EnumerateArray().ToList();
        Assert.Equal(2, contributions.Count);
        var prior = contributions[0];
        Assert.Equal("prior", prior.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, prior.GetProperty("claimId").ValueKind);
        Assert.Equal(0.75, prior.GetProperty("truth").GetDouble(), 12);
        Assert.Equal(K, prior.GetProperty("weight").GetDouble(), 12);
        var basis = prior.GetProperty("prior");
        Assert.Equal("affiliation", basis.GetProperty("basis").GetString());
        Assert.Equal(party.Id(), basis.GetProperty("affiliation").GetProperty("id").GetInt64());
        Assert.Equal(6, basis.GetProperty("alpha").GetDouble(), 12);
        Assert.Equal(2, basis.GetProperty("beta").GetDouble(), 12);
        Assert.Equal(10, basis.GetProperty("basisWeight").GetDouble(), 12);
        Assert.Equal("claim", contributions[1].GetProperty("kind").GetString());
        Assert.Equal(K, score.GetProperty("method").GetProperty("affiliationPriorStrength").GetDouble());

        // A member with a record of its own: its pool is the rest, 4 true of 5 plus the thin one's false,
        // 4 of 6: m = 5 / 8, prior Beta(5, 3), and its own 4 of 5 give Beta(9, 4): 9 / 13.
        Assert.Equal(9.0 / 13, (await Credibility(first)).GetProperty("score").GetDouble(), 9);

        // The interval comes from the prior too: Beta(6, 3)'s CDF is Σ_{j=6..8} C(8, j) x^j (1 − x)^(8 − j).
        static double Cdf(double x) => (28 * Math.Pow(x, 6) * Math.Pow(1 - x, 2)) + (8 * Math.Pow(x, 7) * (1 - x)) + Math.Pow(x, 8);
        Assert.Equal(0.025, Cdf(score.GetProperty("interval").GetProperty("low").GetDouble()), 6);
        Assert.Equal(0.975, Cdf(score.GetProperty("interval").GetProperty("high").GetDouble()), 6);
    }

    [Fact]
    public async Task ChainsNestAndWithoutAnyEvidenceTheAffiliationsPriorIsTheScore()
    {
        var editor = await api.Editor();
        var network = await Seed.Source(editor);
        var outlet = await Member(editor, network.Id(), "outlet");
        var journalist = await Member(editor, outlet);
        await Rated(editor, network.Id(), "true", "true", "true");

        // The outlet's prior: the network's 3 of 3 under Beta(1, 1), m = 4 / 5, Beta(6.4, 1.6).
        // The journalist's: the outlet's pool is empty, so m is the mean of the outlet's own prior, .8.
        Assert.Equal(0.8, (await Credibility(outlet)).GetProperty("score").GetDouble(), 9);
        Assert.Equal(0.8, (await Credibility(journalist)).GetProperty("score").GetDouble(), 9);

        // Leaving the outlet: the configured Beta(1, 1) again, and no prior among the contributions.
        await (await editor.PatchJson($"/v1/sources/{journalist}", new { affiliationId = 0 })).AssertJson(HttpStatusCode.OK);
        var alone = await Credibility(journalist);
        Assert.Equal(0.5, alone.GetProperty("score").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, alone.GetProperty("affiliation").ValueKind);
        Assert.Empty(alone.GetProperty("contributions").EnumerateArray());
        var read = await (await editor.GetAsync($"/v1/sources/{journalist}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("affiliationId").ValueKind);
    }

    [Fact]
    public async Task RankingsAreFilteredAndGroupedByAffiliation()
    {
        var editor = await api.Editor();
        var strong = await Seed.Source(editor, kind: "organization");
        var weak = await Seed.Source(editor, kind: "organization");
        var good = await Member(editor, strong.Id());
        var bad = await Member(editor, weak.Id());
        var thin = await Member(editor, strong.Id());
        await Rated(editor, good, "true", "true", "true", "true");
        await Rated(editor, bad, "false", "false", "false", "false");
        await Rated(editor, thin, "true");
        var loner = (await Seed.Source(editor)).Id();
        await Rated(editor, loner, "true");

        // Only the strong party's members with at least 3 evidence: the thin one stays out.
        var filtered = await Get($"/v1/credibility/rankings?affiliationId={strong.Id()}&limit=500");
        Assert.Equal(strong.Id(), filtered.GetProperty("affiliationId").GetInt64());
        var item = Assert.Single(filtered.GetProperty("items").EnumerateArray());
        Assert.Equal(good, item.GetProperty("source").GetProperty("id").GetInt64());
        Assert.Equal(strong.Id(), item.GetProperty("affiliationId").GetInt64());
        Assert.Equal(JsonValueKind.Null, filtered.GetProperty("groups").ValueKind);

        var both = await Get($"/v1/credibility/rankings?affiliationId={weak.Id()}&groupBy=affiliation&minEvidence=0");
        var group = Assert.Single(both.GetProperty("groups").EnumerateArray());
        Assert.Equal(weak.Id(), group.GetProperty("affiliation").GetProperty("id").GetInt64());
        // The weak party's pool: its member's 0 of 4 under Beta(1, 1): 1 / 6.
        Assert.Equal(1.0 / 6, group.GetProperty("score").GetDouble(), 9);
        Assert.Equal(4, group.GetProperty("weight").GetDouble(), 12);
        Assert.Equal(bad, Assert.Single(group.GetProperty("items").EnumerateArray()).GetProperty("source").GetProperty("id").GetInt64());

        // Grouped over everything: the strong party's group comes before the weak one's.
        var all = await Get("/v1/credibility/rankings?groupBy=affiliation&minEvidence=0&limit=500");
        var order = all.GetProperty("groups").EnumerateArray()
            .Select(g => g.GetProperty("affiliation") is { ValueKind: JsonValueKind.Object } a ? a.GetProperty("id").GetInt64() : 0)
            .ToList();
        Assert.True(order.IndexOf(strong.Id()) < order.IndexOf(weak.Id()));
        Assert.Equal(0, order[^1]);
        Assert.Equal(all.GetProperty("items").GetArrayLength(), all.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("items").GetArrayLength()));
    }

    [Fact]
    public async Task AnUnknownAffiliationOrACycleIsRefusedNamingAffiliationId()
    {
        var editor = await api.Editor();
        var unknown = await editor.PostJson("/v1/sources", new { name = $"Member {Guid.NewGuid():N}", kind = "person", affiliationId = 999_999_999 });
        await unknown.AssertValidationProblem("affiliationId");

        var top = await Seed.Source(editor, kind: "organization");
        var middle = await Member(editor, top.Id(), "organization");
        var bottom = await Member(editor, middle);
        await (await editor.PatchJson($"/v1/sources/{top.Id()}", new { affiliationId = top.Id() })).AssertValidationProblem("affiliationId");
        await (await editor.PatchJson($"/v1/sources/{top.Id()}", new { affiliationId = bottom })).AssertValidationProblem("affiliationId");
        await (await editor.PatchJson($"/v1/sources/{middle}", new { affiliationId = -1 })).AssertValidationProblem("affiliationId");
        // Nothing was written by the refusals.
        var read = await (await editor.GetAsync($"/v1/sources/{top.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("affiliationId").ValueKind);
        Assert.Equal(1, read.GetProperty("version").GetInt64());

        // Moving down a chain is no cycle.
        var moved = await (await editor.PatchJson($"/v1/sources/{bottom}", new { affiliationId = top.Id() })).AssertJson(HttpStatusCode.OK);
        Assert.Equal(top.Id(), moved.GetProperty("affiliationId").GetInt64());

        // An affiliation with members is still in use.
        await (await editor.Delete($"/v1/sources/{top.Id()}")).AssertProblem(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("/v1/credibility/rankings?affiliationId=0", "affiliationId")]
    [InlineData("/v1/credibility/rankings?affiliationId=party", "affiliationId")]
    [InlineData("/v1/credibility/rankings?groupBy=party", "groupBy")]
    public async Task BadRankingQueriesNameTheField(string url, string field) =>
        await (await api.Anonymous().GetAsync(url)).AssertValidationProblem(field);

    [Fact]
    public async Task AnImportedSourceNamesItsAffiliationByRef()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        static string Line(string name, object data) =>
            JsonSerializer.Serialize(new { entity = "source", @ref = name, data }, HttpAssertions.Json);
        using var content = new StringContent(string.Join("\n",
            Line("party", new { name = $"Party {tag}", kind = "organization" }),
            Line("member", new { name = $"Member {tag}", kind = "person", affiliationId = "party" }),
            Line("stray", new { name = $"Stray {tag}", kind = "person", affiliationId = 999_999_999 })) + "\n", Encoding.UTF8, "application/x-ndjson");
        var body = await (await editor.PostAsync("/v1/imports/ndjson", content)).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Contains("affiliationId", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var ids = body.GetProperty("refs").EnumerateArray().ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());
        var member = await (await editor.GetAsync($"/v1/sources/{ids["member"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ids["party"], member.GetProperty("affiliationId").GetInt64());
    }

    private static async Task<long> Member(HttpClient editor, long affiliationId, string kind = "person") =>
        (await (await editor.PostJson("/v1/sources", new { name = $"Member {Guid.NewGuid():N}", kind, affiliationId }))
            .AssertJson(HttpStatusCode.Created)).Id();

    private static async Task Rated(HttpClient editor, long speaker, params string[] ratings)
    {
        foreach (var rating in ratings)
        {
            await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, speaker)).Id(), rating);
        }
    }

    private async Task<JsonElement> Credibility(long sourceId) => await Get($"/v1/sources/{sourceId}/credibility");

    private async Task<JsonElement> Get(string url) => await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);
}
