using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Chains;

public sealed class ReadViewsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ProvenanceRunsFromSpeakerThroughRelaysToPublisher()
    {
        var editor = await api.Editor();
        var diplomats = await Seed.Source(editor, kind: "anonymous");
        var nahrain = await Seed.Source(editor);
        var tasnim = await Seed.Source(editor);
        var baladi = await Seed.Source(editor);
        var article = await Seed.Article(editor, baladi.Id());
        var claim = await Seed.Claim(editor, diplomats.Id(), via: [nahrain.Id(), tasnim.Id()], articleId: article.Id());

        var provenance = await (await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}/provenance")).AssertJson(HttpStatusCode.OK);

        var hops = provenance.GetProperty("hops").EnumerateArray().ToList();
        Assert.Equal(
            new[] { diplomats.Id(), nahrain.Id(), tasnim.Id(), baladi.Id() },
            hops.Select(h => h.GetProperty("source").GetProperty("id").GetInt64()));
        Assert.Equal(["speaker", "relay", "relay", "publisher"], hops.Select(h => h.GetProperty("role").GetString()));
        Assert.Equal("anonymous", hops[0].GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal([0, 1, 2, 3], hops.Select(h => h.GetProperty("position").GetInt32()));
        // Without verdicts every hop shows the prior, Beta(1, 1), flagged as too thin to rank.
        Assert.All(hops.Select(h => h.GetProperty("credibility")), c =>
        {
            Assert.Equal(0.5, c.GetProperty("score").GetDouble(), 12);
            Assert.Equal(0.025, c.GetProperty("low").GetDouble(), 9);
            Assert.Equal(0.975, c.GetProperty("high").GetDouble(), 9);
            Assert.Equal("insufficient-evidence", c.GetProperty("status").GetString());
        });
    }

    [Fact]
    public async Task ProvenanceOfUnknownClaimIsNotFound()
    {
        await (await api.Anonymous().GetAsync("/v1/claims/99999999/provenance")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ContradictionsListOpposingRelationsNewestFirstAndPage()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var subject = $"contradictions-{Guid.NewGuid():N}";
        var claims = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            claims.Add((await Seed.Claim(editor, speaker.Id(), subject: subject)).Id());
        }
        var opposing = new List<long>();
        for (var i = 1; i < 5; i++)
        {
            opposing.Add((await Seed.Relation(editor, claims[i], claims[0], i % 2 == 0 ? "denies" : "contradicts")).Id());
        }
        await Seed.Relation(editor, claims[1], claims[2], "supports");

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await api.Anonymous().GetAsync(
                $"/v1/contradictions?subject={subject}&limit=3{(cursor is null ? "" : $"&cursor={cursor}")}")).AssertJson(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("relation").Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(opposing.OrderDescending(), seen);
    }

    [Fact]
    public async Task ContradictionIsResolvedOnceEitherClaimHasAVerdict()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var subject = $"resolved-{Guid.NewGuid():N}";
        var a = await Seed.Claim(editor, speaker.Id(), subject: subject);
        var b = await Seed.Claim(editor, speaker.Id(), subject: subject, stance: "denies");
        var relation = await Seed.Relation(editor, b.Id(), a.Id(), "denies");

        Assert.Equal([relation.Id()], await ContradictionIds($"subject={subject}&status=open"));
        Assert.Empty(await ContradictionIds($"subject={subject}&status=resolved"));

        (await editor.PostJson($"/v1/claims/{a.Id()}/verdicts", new { rating = "false", reviewer = "Desk" })).EnsureSuccessStatusCode();

        Assert.Empty(await ContradictionIds($"subject={subject}&status=open"));
        var item = (await (await api.Anonymous().GetAsync($"/v1/contradictions?subject={subject}&status=resolved")).AssertJson(HttpStatusCode.OK))
            .GetProperty("items")[0];
        Assert.Equal("resolved", item.GetProperty("status").GetString());
        Assert.Equal(b.Id(), item.GetProperty("from").Id());
        Assert.Equal(speaker.Id(), item.GetProperty("from").GetProperty("speaker").Id());
        Assert.Equal("false", item.GetProperty("to").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ContradictionsFilterBySince()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var subject = $"since-{Guid.NewGuid():N}";
        var a = await Seed.Claim(editor, speaker.Id(), subject: subject);
        var b = await Seed.Claim(editor, speaker.Id(), subject: subject);
        await Seed.Relation(editor, b.Id(), a.Id(), "refutes");

        Assert.Single(await ContradictionIds($"subject={subject}&since=2000-01-01T00:00:00Z"));
        Assert.Empty(await ContradictionIds($"subject={subject}&since={DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}"));
    }

    [Theory]
    [InlineData("status=closed", "status")]
    [InlineData("cursor=bogus", "cursor")]
    [InlineData("since=yesterday", "since")]
    public async Task BadContradictionFiltersAreProblems(string query, string field)
    {
        await (await api.Anonymous().GetAsync($"/v1/contradictions?{query}")).AssertValidationProblem(field);
    }

    [Fact]
    public async Task SubjectGroupsQuantitiesByValueAndOtherClaimsByStance()
    {
        var editor = await api.Editor();
        var subject = $"troops-{Guid.NewGuid():N}";
        var reports = await Seed.Source(editor, kind: "anonymous");
        var dunford = await Seed.Source(editor, kind: "person");
        var seven = await Seed.Claim(editor, reports.Id(), subject: subject, quantity: new { value = 7000, unit = "troops" });
        var sevenAgain = await Seed.Claim(editor, reports.Id(), subject: subject, quantity: new { value = 6800, unit = "troops" });
        var two = await Seed.Claim(editor, dunford.Id(), subject: subject, quantity: new { value = 2000, unit = "troops" });
        var denial = await Seed.Claim(editor, dunford.Id(), subject: subject, stance: "denies");

        var view = await (await api.Anonymous().GetAsync($"/v1/subjects/{subject}")).AssertJson(HttpStatusCode.OK);

        Assert.Equal(4, view.GetProperty("claimCount").GetInt32());
        var groups = view.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(3, groups.Count);
        var big = groups.Single(g => g.GetProperty("claims").EnumerateArray().Any(c => c.Id() == seven.Id()));
        Assert.Equal("quantity", big.GetProperty("kind").GetString());
        Assert.Equal(new[] { seven.Id(), sevenAgain.Id() }.Order(), big.GetProperty("claims").EnumerateArray().Select(c => c.Id()).Order());
        Assert.Equal(6800, big.GetProperty("quantity").GetProperty("min").GetDouble());
        Assert.Equal(7000, big.GetProperty("quantity").GetProperty("max").GetDouble());
        var small = groups.Single(g => g.GetProperty("claims").EnumerateArray().Any(c => c.Id() == two.Id()));
        Assert.Single(small.GetProperty("claims").EnumerateArray());
        Assert.Equal([dunford.Id()], small.GetProperty("sources").EnumerateArray().Select(s => s.Id()));
        var denials = groups.Single(g => g.GetProperty("kind").GetString() == "stance");
        Assert.Equal("denies", denials.GetProperty("stance").GetString());
        Assert.Equal([denial.Id()], denials.GetProperty("claims").EnumerateArray().Select(c => c.Id()));

        // a looser tolerance merges the two camps
        var loose = await (await api.Anonymous().GetAsync($"/v1/subjects/{subject}?tolerance=0.8")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, loose.GetProperty("groups").GetArrayLength());
    }

    [Fact]
    public async Task UnknownSubjectIsNotFoundAndBadToleranceIsAProblem()
    {
        await (await api.Anonymous().GetAsync($"/v1/subjects/nothing-{Guid.NewGuid():N}")).AssertProblem(HttpStatusCode.NotFound);
        await (await api.Anonymous().GetAsync("/v1/subjects/x?tolerance=2")).AssertValidationProblem("tolerance");
    }

    [Fact]
    public async Task SuggestionsFindUnrecordedConflictsBestFirstAndStoreNothing()
    {
        var editor = await api.Editor();
        var subject = $"suggest-{Guid.NewGuid():N}";
        var speaker = await Seed.Source(editor);
        var claim = await Seed.Claim(editor, speaker.Id(), subject: subject, quantity: new { value = 2000, unit = "troops", asOf = "2015-11-01" });
        var denial = await Seed.Claim(editor, speaker.Id(), subject: subject, stance: "denies");
        var far = await Seed.Claim(editor, speaker.Id(), subject: subject, quantity: new { value = 7000, unit = "troops", asOf = "2015-10-01" });
        await Seed.Claim(editor, speaker.Id(), subject: subject, quantity: new { value = 2100, unit = "troops", asOf = "2015-10-01" });
        await Seed.Claim(editor, speaker.Id(), subject: subject, quantity: new { value = 9000, unit = "troops", asOf = "2009-01-01" });
        await Seed.Claim(editor, speaker.Id(), subject: subject, quantity: new { value = 9000, unit = "usd", asOf = "2015-10-01" });
        var related = await Seed.Claim(editor, speaker.Id(), subject: subject, stance: "denies");
        await Seed.Relation(editor, related.Id(), claim.Id(), "denies");

        var suggestions = await (await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}/suggestions")).AssertJson(HttpStatusCode.OK);

        var items = suggestions.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([denial.Id(), far.Id()], items.Select(i => i.GetProperty("claimId").GetInt64()));
        Assert.Equal(["opposite-stance", "conflicting-quantity"], items.Select(i => i.GetProperty("reason").GetString()));
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        var relations = await (await api.Anonymous().GetAsync($"/v1/relations?claimId={claim.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Single(relations.GetProperty("items").EnumerateArray());
    }

    private async Task<List<long>> ContradictionIds(string query) =>
        [.. (await (await api.Anonymous().GetAsync($"/v1/contradictions?{query}")).AssertJson(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("relation").Id())];
}
