using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Claims;

/// <summary>Categorical values: a claim's answer to its subject's question, competing with rival answers.</summary>
public sealed class ClaimValueTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AClaimKeepsItsValueAsWrittenAndAPatchChangesOrClearsIt()
    {
        var editor = await api.Editor();
        var claim = await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: Unique.Subject("value"), value: "  جيش الإسلام ");
        Assert.Equal("جيش الإسلام", claim.GetProperty("value").GetString());
        var read = await (await editor.GetAsync($"/v1/claims/{claim.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("جيش الإسلام", read.GetProperty("value").GetString());

        var patched = await (await editor.PatchJson($"/v1/claims/{claim.Id()}", new { value = "ISIS" })).AssertJson(HttpStatusCode.OK);
        Assert.Equal("ISIS", patched.GetProperty("value").GetString());
        var cleared = await (await editor.PatchJson($"/v1/claims/{claim.Id()}", new { value = "" })).AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task AValueWithAQuantityOrTooLongOrBlankIsAProblemNamingValue()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        await (await editor.PostJson("/v1/claims", new { text = "both", speakerId = speaker, value = "ISIS", quantity = new { value = 3, unit = "people" } }))
            .AssertValidationProblem("value");
        await (await editor.PostJson("/v1/claims", new { text = "long", speakerId = speaker, value = new string('x', 501) }))
            .AssertValidationProblem("value");
        await (await editor.PostJson("/v1/claims", new { text = "blank", speakerId = speaker, value = "   " }))
            .AssertValidationProblem("value");

        // A patch giving a value to a claim that states a quantity (or the other way round) names the field it gave.
        var counted = (await Seed.Claim(editor, speaker, quantity: new { value = 3, unit = "people" })).Id();
        await (await editor.PatchJson($"/v1/claims/{counted}", new { value = "ISIS" })).AssertValidationProblem("value");
        var answered = (await Seed.Claim(editor, speaker, value: "ISIS")).Id();
        await (await editor.PatchJson($"/v1/claims/{answered}", new { quantity = new { value = 3, unit = "people" } })).AssertValidationProblem("quantity");
        var unchanged = await (await editor.GetAsync($"/v1/claims/{answered}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("ISIS", unchanged.GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("quantity").ValueKind);
    }

    [Fact]
    public async Task ValuesEqualOnceFoldedAgreeAndRivalValuesShareBeliefByTheHandComputedSoftmax()
    {
        var editor = await api.Editor();
        var subject = Unique.Subject("who-struck");
        // One answer written three ways (case, punctuation, spacing; an Arabic hamza seat), two rivals.
        var agreeing = new List<long>();
        foreach (var value in new[] { "Jaysh al-Islam", "jaysh  al islam.", "JAYSH AL-ISLAM" })
        {
            agreeing.Add((await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, value: value)).Id());
        }
        var arabic = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, value: "جيش الإسلام")).Id();
        var hamzaless = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, value: "جيش الاسلام")).Id();
        var rival = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, value: "ISIS")).Id();

        var view = await Beliefs.Subject(api.Anonymous(), subject);

        var groups = view.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(3, groups.Count);
        Assert.All(groups, g => Assert.Equal("value", g.GetProperty("kind").GetString()));
        var latin = groups.Single(g => g.GetProperty("claims").EnumerateArray().Any(c => c.Id() == agreeing[0]));
        Assert.Equal(agreeing, latin.GetProperty("claims").EnumerateArray().Select(c => c.Id()).Order());
        Assert.Equal("Jaysh al-Islam", latin.GetProperty("value").GetString());
        var arabicGroup = groups.Single(g => g.GetProperty("claims").EnumerateArray().Any(c => c.Id() == arabic));
        Assert.Contains(hamzaless, arabicGroup.GetProperty("claims").EnumerateArray().Select(c => c.Id()));

        // Every source is new, with one claim: trust t on the three Latin spellings, u on the two
        // Arabic ones, v on ISIS. Scores 3·(−ln(1 − t)), 2·(−ln(1 − u)), −ln(1 − v); each belief is
        // e^score over their sum; a source's trust is (1 + b) / 3 on the Beta(1, 1) prior.
        var (t, u, v) = (0.5, 0.5, 0.5);
        var (bt, bu, bv) = (0.0, 0.0, 0.0);
        for (var round = 0; round < 60; round++)
        {
            var (et, eu, ev) = (Math.Pow(1 - t, -3), Math.Pow(1 - u, -2), Math.Pow(1 - v, -1));
            (bt, bu, bv) = (et / (et + eu + ev), eu / (et + eu + ev), ev / (et + eu + ev));
            (t, u, v) = ((1 + bt) / 3, (1 + bu) / 3, (1 + bv) / 3);
        }
        Assert.Equal(bt, latin.GetProperty("belief").GetDouble(), tolerance: 1e-5);
        Assert.Equal(bu, arabicGroup.GetProperty("belief").GetDouble(), tolerance: 1e-5);
        Assert.Equal(bv, groups.Single(g => g.GetProperty("claims")[0].Id() == rival).GetProperty("belief").GetDouble(), tolerance: 1e-5);
        Assert.Equal(1.0, groups.Sum(g => g.GetProperty("belief").GetDouble()), 5);
        var estimate = view.GetProperty("estimate");
        Assert.Equal("Jaysh al-Islam", estimate.GetProperty("answer").GetString());
        Assert.Equal(bt, estimate.GetProperty("belief").GetDouble(), tolerance: 1e-5);
        Assert.Equal(JsonValueKind.Null, estimate.GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task RivalValuesThatAllContradictEachOtherNeverDropOutOfTheSubject()
    {
        var editor = await api.Editor();
        var subject = Unique.Subject("rivals");
        var claims = new List<long>();
        foreach (var value in new[] { "A", "A", "A", "B", "C", "D" })
        {
            claims.Add((await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, value: value)).Id());
        }
        // Every rival pair contradicts: odd cycles (A–B–C) that once set the chain aside.
        foreach (var (from, to) in new[] { (3, 0), (4, 3), (0, 4), (5, 0), (5, 3), (5, 4) })
        {
            await Seed.Relation(editor, claims[from], claims[to], "contradicts");
        }

        var view = await Beliefs.Subject(api.Anonymous(), subject);

        var groups = view.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(4, groups.Count);
        Assert.Equal(1.0, groups.Sum(g => g.GetProperty("belief").GetDouble()), 5);
        Assert.Equal("A", view.GetProperty("estimate").GetProperty("answer").GetString());
        var beliefs = new List<double>();
        foreach (var claim in claims)
        {
            beliefs.Add((await Beliefs.Claim(api.Anonymous(), claim)).GetProperty("belief").GetDouble());
        }
        // A's three claims agree; B, C and D stand alone, alike: the chain (its rival positions all
        // opposed) competes too, it does not vanish. A's first claim is in the chain, where it is one
        // of four positions, so its pooled belief is below that of A's claims outside the chain.
        Assert.True(beliefs[1] > 0.5, $"A: {beliefs[1]}");
        Assert.Equal(beliefs[1], beliefs[2], 5);
        Assert.Equal(beliefs[3], beliefs[4], 5);
        Assert.Equal(beliefs[3], beliefs[5], 5);
        Assert.True(beliefs[0] < beliefs[1], $"A in the chain {beliefs[0]}, outside it {beliefs[1]}");
        Assert.True(beliefs[0] > beliefs[3], $"A {beliefs[0]} against B {beliefs[3]}");
    }

    [Fact]
    public async Task AnImportedLineCarriesItsValue()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var lines = new[]
        {
            JsonSerializer.Serialize(new { entity = "source", @ref = "s", data = new { name = $"Source {tag}", kind = "outlet" } }, HttpAssertions.Json),
            JsonSerializer.Serialize(new { entity = "claim", @ref = "c", data = new { text = "It was ISIS", speakerId = "s", subject = $"who-{tag}", value = "ISIS" } }, HttpAssertions.Json),
            JsonSerializer.Serialize(new { entity = "claim", @ref = "both", data = new { text = "Both", speakerId = "s", value = "ISIS", quantity = new { value = 1, unit = "people" } } }, HttpAssertions.Json),
        };
        using var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        var body = await (await editor.PostAsync("/v1/imports/ndjson", content)).AssertJson(HttpStatusCode.OK);

        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Contains("value", rejected.ToString(), StringComparison.Ordinal);
        var id = body.GetProperty("refs").EnumerateArray().Single(r => r.GetProperty("ref").GetString() == "c").Id();
        var claim = await (await editor.GetAsync($"/v1/claims/{id}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("ISIS", claim.GetProperty("value").GetString());
    }
}
