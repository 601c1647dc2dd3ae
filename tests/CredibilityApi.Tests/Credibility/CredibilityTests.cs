using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Credibility;

/// <summary>Scores checked against hand-computed Beta posteriors (prior Beta(1, 1) unless said otherwise).</summary>
public sealed class CredibilityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task EachRelayHopTakesHalfTheWeightOfTheOneBefore()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, kind: "person");
        var first = await Seed.Source(editor);
        var second = await Seed.Source(editor);
        var publisher = await Seed.Source(editor);
        var article = await Seed.Article(editor, publisher.Id());
        var claim = await Seed.Claim(editor, speaker.Id(), via: [first.Id(), second.Id()], articleId: article.Id());
        await Verdict(editor, claim.Id(), "true");

        // weights 1, ½, ¼, ⅛ of a true claim: Beta(1 + w, 1)
        var s = await Credibility(speaker.Id());
        Assert.Equal(2.0 / 3, s.GetProperty("score").GetDouble(), 9);
        Assert.Equal(1.5 / 2.5, (await Credibility(first.Id())).GetProperty("score").GetDouble(), 9);
        Assert.Equal(1.25 / 2.25, (await Credibility(second.Id())).GetProperty("score").GetDouble(), 9);
        var p = await Credibility(publisher.Id());
        Assert.Equal(1.125 / 2.125, p.GetProperty("score").GetDouble(), 9);

        // Beta(2, 1) has CDF x², so its 95% interval is [√.025, √.975]
        Assert.Equal(Math.Sqrt(0.025), s.GetProperty("interval").GetProperty("low").GetDouble(), 9);
        Assert.Equal(Math.Sqrt(0.975), s.GetProperty("interval").GetProperty("high").GetDouble(), 9);
        Assert.Equal("insufficient-evidence", s.GetProperty("status").GetString());

        var evidence = p.GetProperty("evidence");
        Assert.Equal(0.125, evidence.GetProperty("weight").GetDouble(), 12);
        Assert.Equal(0.125, evidence.GetProperty("weightedTrue").GetDouble(), 12);
        Assert.Equal(0, evidence.GetProperty("weightedFalse").GetDouble(), 12);
        Assert.Equal(1, evidence.GetProperty("asPublisher").GetInt32());
        Assert.Equal(0, evidence.GetProperty("asSpeaker").GetInt32());
        var contribution = Assert.Single(p.GetProperty("contributions").EnumerateArray());
        Assert.Equal(claim.Id(), contribution.GetProperty("claimId").GetInt64());
        Assert.Equal("true", contribution.GetProperty("verdict").GetString());
        Assert.Equal("publisher", contribution.GetProperty("role").GetString());
        Assert.Equal(0.125, contribution.GetProperty("weight").GetDouble(), 12);
        Assert.Equal("relay", Assert.Single((await Credibility(second.Id())).GetProperty("contributions").EnumerateArray()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task AfterAnAnonymousSpeakerTheFirstNamedRelayOwnsTheClaim()
    {
        var editor = await api.Editor();
        var diplomats = await Seed.Source(editor, kind: "anonymous");
        var nahrain = await Seed.Source(editor);
        var tasnim = await Seed.Source(editor);
        var baladi = await Seed.Source(editor);
        var article = await Seed.Article(editor, baladi.Id());
        var claim = await Seed.Claim(editor, diplomats.Id(), via: [nahrain.Id(), tasnim.Id()], articleId: article.Id());
        await Verdict(editor, claim.Id(), "false");

        // weights 1, ½, ¼ from the first named relay on, of a false claim: Beta(1, 1 + w)
        var owner = await Credibility(nahrain.Id());
        Assert.Equal(1.0 / 3, owner.GetProperty("score").GetDouble(), 9);
        Assert.Equal(1, owner.GetProperty("evidence").GetProperty("weightedFalse").GetDouble(), 12);
        Assert.Equal(1, owner.GetProperty("evidence").GetProperty("asRelay").GetInt32());
        Assert.Equal(1, owner.GetProperty("evidence").GetProperty("anonymousSpeakerShare").GetDouble(), 12);
        Assert.Equal(1 / 2.5, (await Credibility(tasnim.Id())).GetProperty("score").GetDouble(), 9);
        Assert.Equal(1 / 2.25, (await Credibility(baladi.Id())).GetProperty("score").GetDouble(), 9);

        var unnamed = await Credibility(diplomats.Id());
        Assert.Equal(0, unnamed.GetProperty("evidence").GetProperty("weight").GetDouble());
        Assert.Equal(0.5, unnamed.GetProperty("score").GetDouble(), 12);
        Assert.Empty(unnamed.GetProperty("contributions").EnumerateArray());
    }

    [Fact]
    public async Task ADenialWithoutAVerdictScoresOneMinusWhatItDenies()
    {
        var editor = await api.Editor();
        var western = await Seed.Source(editor);
        var isna = await Seed.Source(editor);
        var claim = await Seed.Claim(editor, western.Id());
        var denial = await Seed.Claim(editor, isna.Id(), stance: "denies");
        await Seed.Relation(editor, denial.Id(), claim.Id(), "denies");
        await Verdict(editor, claim.Id(), "mostly-false");

        // the denial's truth is 1 − .25 = .75: Beta(1.75, 1.25)
        var denier = await Credibility(isna.Id());
        Assert.Equal(1.75 / 3, denier.GetProperty("score").GetDouble(), 9);
        var contribution = Assert.Single(denier.GetProperty("contributions").EnumerateArray());
        Assert.Equal(denial.Id(), contribution.GetProperty("claimId").GetInt64());
        Assert.Equal(claim.Id(), contribution.GetProperty("deniesClaimId").GetInt64());
        Assert.Equal("mostly-false", contribution.GetProperty("verdict").GetString());
        Assert.Equal(0.75, contribution.GetProperty("truth").GetDouble(), 12);
        Assert.Equal(1.25 / 3, (await Credibility(western.Id())).GetProperty("score").GetDouble(), 9);

        // Its own verdict replaces the inversion on the next read.
        await Verdict(editor, denial.Id(), "false");
        var rated = await Credibility(isna.Id());
        Assert.Equal(1.0 / 3, rated.GetProperty("score").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, Assert.Single(rated.GetProperty("contributions").EnumerateArray()).GetProperty("deniesClaimId").ValueKind);
    }

    [Fact]
    public async Task ADenialOfTwoRatedClaimsSharesItsWeightBetweenThem()
    {
        var editor = await api.Editor();
        var asserter = await Seed.Source(editor);
        var denier = await Seed.Source(editor);
        var right = await Seed.Claim(editor, asserter.Id());
        var wrong = await Seed.Claim(editor, asserter.Id());
        var denial = await Seed.Claim(editor, denier.Id(), stance: "denies");
        await Seed.Relation(editor, denial.Id(), right.Id(), "denies");
        await Seed.Relation(editor, denial.Id(), wrong.Id(), "denies");
        await Verdict(editor, right.Id(), "true");
        await Verdict(editor, wrong.Id(), "mostly-false");

        // ½ at truth 0 and ½ at truth .75: Beta(1 + .375, 1 + .5 + .125)
        var credibility = await Credibility(denier.Id());
        Assert.Equal(1.375 / 3, credibility.GetProperty("score").GetDouble(), 9);
        Assert.Equal(1, credibility.GetProperty("evidence").GetProperty("weight").GetDouble(), 12);
        Assert.Equal(1, credibility.GetProperty("evidence").GetProperty("claims").GetInt32());
        Assert.Equal(
            new[] { right.Id(), wrong.Id() }.Order(),
            credibility.GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("deniesClaimId").GetInt64()).Order());
    }

    [Fact]
    public async Task AVerdictChangesTheNextReadOfScoresAndProvenance()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var claim = await Seed.Claim(editor, speaker.Id());

        var before = await Credibility(speaker.Id());
        Assert.Equal(0.5, before.GetProperty("score").GetDouble(), 12);
        Assert.Equal("insufficient-evidence", before.GetProperty("status").GetString());
        Assert.Equal(0.025, before.GetProperty("interval").GetProperty("low").GetDouble(), 9);
        Assert.Equal(0, before.GetProperty("evidence").GetProperty("claims").GetInt32());

        await Verdict(editor, claim.Id(), "true", DateTimeOffset.UtcNow.AddDays(-2));
        Assert.Equal(2.0 / 3, (await Credibility(speaker.Id())).GetProperty("score").GetDouble(), 9);
        Assert.Equal(2.0 / 3, (await HopCredibility(claim.Id())).GetProperty("score").GetDouble(), 9);

        // a later verdict is the one that counts
        await Verdict(editor, claim.Id(), "false", DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Equal(1.0 / 3, (await Credibility(speaker.Id())).GetProperty("score").GetDouble(), 9);
        var hop = await HopCredibility(claim.Id());
        Assert.Equal(1.0 / 3, hop.GetProperty("score").GetDouble(), 9);
        Assert.Equal("insufficient-evidence", hop.GetProperty("status").GetString());
        Assert.Equal(1 - Math.Sqrt(0.975), hop.GetProperty("low").GetDouble(), 9);
    }

    [Fact]
    public async Task AWrittenClaimChangesTheNextRead()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var relay = await Seed.Source(editor);
        var claim = await Seed.Claim(editor, speaker.Id());
        await Verdict(editor, claim.Id(), "true");
        Assert.Equal(0, (await Credibility(relay.Id())).GetProperty("evidence").GetProperty("weight").GetDouble());

        (await editor.PatchJson($"/v1/claims/{claim.Id()}", new { via = new[] { relay.Id() } })).EnsureSuccessStatusCode();

        Assert.Equal(0.5, (await Credibility(relay.Id())).GetProperty("evidence").GetProperty("weight").GetDouble(), 12);
    }

    [Fact]
    public async Task ThreeTrueClaimsMeetTheDefaultThresholdAndTheMethodIsEchoed()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        for (var i = 0; i < 3; i++)
        {
            await Verdict(editor, (await Seed.Claim(editor, speaker.Id())).Id(), i == 0 ? "unverifiable" : "true");
        }
        var two = await Credibility(speaker.Id());
        Assert.Equal(2, two.GetProperty("evidence").GetProperty("weight").GetDouble(), 12);
        Assert.Equal("insufficient-evidence", two.GetProperty("status").GetString());

        await Verdict(editor, (await Seed.Claim(editor, speaker.Id())).Id(), "mixed");
        var three = await Credibility(speaker.Id());
        Assert.Equal("scored", three.GetProperty("status").GetString());
        Assert.Equal(3.5 / 5, three.GetProperty("score").GetDouble(), 9);
        var method = three.GetProperty("method");
        Assert.Equal(1, method.GetProperty("priorAlpha").GetDouble());
        Assert.Equal(1, method.GetProperty("priorBeta").GetDouble());
        Assert.Equal(3, method.GetProperty("minEvidence").GetDouble());
        Assert.Equal(0.5, method.GetProperty("relayDecay").GetDouble());
        Assert.Equal(JsonValueKind.Null, method.GetProperty("halfLifeDays").ValueKind);
    }

    [Fact]
    public async Task HistoryCountsTheVerdictsReviewedBeforeEachBucketEnds()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        await Verdict(editor, (await Seed.Claim(editor, speaker.Id())).Id(), "true", new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.Zero));
        await Verdict(editor, (await Seed.Claim(editor, speaker.Id())).Id(), "false", new DateTimeOffset(2024, 3, 10, 0, 0, 0, TimeSpan.Zero));

        var months = (await Get($"/v1/sources/{speaker.Id()}/credibility/history?bucket=month")).GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), months[0].GetProperty("start").GetDateTimeOffset());
        // January: one true claim, Beta(2, 1); February unchanged; from March one true and one false, Beta(2, 2)
        var expected = new[] { 2.0 / 3, 2.0 / 3, 0.5, 0.5 };
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], months[i].GetProperty("score").GetDouble(), 9);
        }
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero), months[^1].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(2, months[^1].GetProperty("claims").GetInt32());

        var history = await Get($"/v1/sources/{speaker.Id()}/credibility/history?bucket=quarter");
        Assert.Equal("quarter", history.GetProperty("bucket").GetString());
        var quarter = history.GetProperty("points")[0];
        Assert.Equal(0.5, quarter.GetProperty("score").GetDouble(), 9);
        Assert.Equal(DateTimeOffset.Parse("2024-04-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), quarter.GetProperty("end").GetDateTimeOffset());
        Assert.Equal(1, history.GetProperty("method").GetProperty("priorAlpha").GetDouble());
    }

    [Fact]
    public async Task UnknownSourcesAreNotFound()
    {
        await (await api.Anonymous().GetAsync("/v1/sources/99999999/credibility")).AssertProblem(HttpStatusCode.NotFound);
        await (await api.Anonymous().GetAsync("/v1/sources/99999999/credibility/history")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/v1/sources/1/credibility/history?bucket=week", "bucket")]
    [InlineData("/v1/credibility/rankings?kind=blog", "kind")]
    [InlineData("/v1/credibility/rankings?minEvidence=-1", "minEvidence")]
    [InlineData("/v1/credibility/rankings?minEvidence=lots", "minEvidence")]
    [InlineData("/v1/credibility/rankings?limit=0", "limit")]
    [InlineData("/v1/credibility/rankings?limit=501", "limit")]
    public async Task BadQueriesAreValidationProblemsNamingTheField(string url, string field) =>
        await (await api.Anonymous().GetAsync(url)).AssertValidationProblem(field);

    private async Task<JsonElement> Credibility(long sourceId) => await Get($"/v1/sources/{sourceId}/credibility");

    private async Task<JsonElement> HopCredibility(long claimId) =>
        (await Get($"/v1/claims/{claimId}/provenance")).GetProperty("hops")[0].GetProperty("credibility");

    private async Task<JsonElement> Get(string url) => await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);

    internal static async Task Verdict(HttpClient editor, long claimId, string rating, DateTimeOffset? reviewedAt = null) =>
        await (await editor.PostJson($"/v1/claims/{claimId}/verdicts", new { rating, reviewer = "Desk", reviewedAt }))
            .AssertJson(HttpStatusCode.Created);
}
