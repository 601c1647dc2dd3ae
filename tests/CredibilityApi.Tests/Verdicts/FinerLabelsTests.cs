using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Verdicts;

/// <summary>
/// A reviewer's scale finer than the five ratings loses nothing: the rating is one of the five, the
/// reviewer's own label is kept as the verdict's originalLabel.
/// </summary>
public sealed class FinerLabelsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task APostedVerdictKeepsTheReviewersLabel()
    {
        var editor = await api.Editor();
        var claim = (await Seed.Claim(editor, (await Seed.Source(editor, kind: "person")).Id())).Id();
        var verdict = await (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "PolitiFact", originalLabel = "Pants on Fire" }))
            .AssertJson(HttpStatusCode.Created);
        Assert.Equal("Pants on Fire", verdict.GetProperty("originalLabel").GetString());
        var read = await (await editor.GetAsync($"/v1/claims/{claim}/verdicts/{verdict.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("false", read.GetProperty("rating").GetString());
        Assert.Equal("Pants on Fire", read.GetProperty("originalLabel").GetString());
        Assert.Equal("false", (await (await editor.GetAsync($"/v1/claims/{claim}")).AssertJson(HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheReviewersLabelShowsOnTheClaimsLatestVerdictInClaimAndChainAnswers()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor, kind: "person")).Id();
        var subject = $"finer-{Guid.NewGuid():N}";
        var claim = (await Seed.Claim(editor, speaker, subject: subject)).Id();
        var denial = (await Seed.Claim(editor, speaker, subject: subject, stance: "denies")).Id();
        await Seed.Relation(editor, denial, claim, "denies");
        (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "PolitiFact", originalLabel = "Pants on Fire" }))
            .EnsureSuccessStatusCode();
        (await editor.PostJson($"/v1/claims/{denial}/verdicts", new { rating = "true", reviewer = "Desk" })).EnsureSuccessStatusCode();

        var read = await (await editor.GetAsync($"/v1/claims/{claim}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("Pants on Fire", read.GetProperty("latestVerdict").GetProperty("originalLabel").GetString());
        var listed = await (await editor.GetAsync($"/v1/claims?subject={subject}")).AssertJson(HttpStatusCode.OK);
        var labels = listed.GetProperty("items").EnumerateArray()
            .ToDictionary(c => c.Id(), c => c.GetProperty("latestVerdict").GetProperty("originalLabel"));
        Assert.Equal("Pants on Fire", labels[claim].GetString());
        Assert.Equal(JsonValueKind.Null, labels[denial].ValueKind);

        var chain = await (await api.Anonymous().GetAsync($"/v1/claims/{denial}/chain")).AssertJson(HttpStatusCode.OK);
        var nodes = chain.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Id(), n => n.GetProperty("latestVerdict"));
        Assert.Equal("Pants on Fire", nodes[claim].GetProperty("originalLabel").GetString());
        Assert.Equal("PolitiFact", nodes[claim].GetProperty("reviewer").GetString());
        Assert.Equal(JsonValueKind.Null, nodes[denial].GetProperty("originalLabel").ValueKind);

        // A later verdict without a label of its own replaces the label, in both answers.
        (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "mostly-false", reviewer = "Desk", reviewedAt = DateTimeOffset.UtcNow.AddMinutes(1) }))
            .EnsureSuccessStatusCode();
        Assert.Equal(JsonValueKind.Null, (await (await editor.GetAsync($"/v1/claims/{claim}")).AssertJson(HttpStatusCode.OK))
            .GetProperty("latestVerdict").GetProperty("originalLabel").ValueKind);
        chain = await (await api.Anonymous().GetAsync($"/v1/claims/{denial}/chain")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, chain.GetProperty("nodes").EnumerateArray().Single(n => n.Id() == claim)
            .GetProperty("latestVerdict").GetProperty("originalLabel").ValueKind);
    }

    [Fact]
    public async Task TheReviewersLabelShowsOnTheCredibilityContributionsItExplains()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor, kind: "person")).Id();
        var denier = (await Seed.Source(editor, kind: "person")).Id();
        var subject = $"finer-{Guid.NewGuid():N}";
        var claim = (await Seed.Claim(editor, speaker, subject: subject)).Id();
        var plain = (await Seed.Claim(editor, speaker, subject: subject)).Id();
        var denial = (await Seed.Claim(editor, denier, subject: subject, stance: "denies")).Id();
        await Seed.Relation(editor, denial, claim, "denies");
        (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "PolitiFact", originalLabel = "Pants on Fire" }))
            .EnsureSuccessStatusCode();
        (await editor.PostJson($"/v1/claims/{plain}/verdicts", new { rating = "true", reviewer = "Desk" })).EnsureSuccessStatusCode();

        var speakers = (await (await editor.GetAsync($"/v1/sources/{speaker}/credibility")).AssertJson(HttpStatusCode.OK))
            .GetProperty("contributions").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == "claim")
            .ToDictionary(c => c.GetProperty("claimId").GetInt64(), c => c.GetProperty("originalLabel"));
        Assert.Equal("Pants on Fire", speakers[claim].GetString());
        Assert.Equal(JsonValueKind.Null, speakers[plain].ValueKind);

        // An unrated denial is scored by the verdict of the claim it denies, and shows that verdict's label.
        var denials = (await (await editor.GetAsync($"/v1/sources/{denier}/credibility")).AssertJson(HttpStatusCode.OK))
            .GetProperty("contributions").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "claim").ToList();
        var scored = Assert.Single(denials);
        Assert.Equal(denial, scored.GetProperty("claimId").GetInt64());
        Assert.Equal(claim, scored.GetProperty("deniesClaimId").GetInt64());
        Assert.Equal("Pants on Fire", scored.GetProperty("originalLabel").GetString());
    }

    [Theory]
    [InlineData("Pants on Fire", "false")]
    [InlineData("Half True", "mixed")]
    public async Task AClaimReviewsAlternateNameIsMappedAndKept(string label, string rating)
    {
        var editor = await api.Editor();
        var review = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ClaimReview",
            ["url"] = $"https://example.org/finer/{Guid.NewGuid():N}",
            ["claimReviewed"] = $"A claim rated {label} {Guid.NewGuid():N}",
            ["datePublished"] = "2015-11-05",
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "PolitiFact" },
            ["reviewRating"] = new JsonObject { ["@type"] = "Rating", ["alternateName"] = label },
            ["itemReviewed"] = new JsonObject { ["@type"] = "Claim", ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = $"Speaker {Guid.NewGuid():N}" } },
        };
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
        var item = Assert.Single((await (await editor.PostAsync("/v1/imports/claimreview", content)).AssertJson(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray());
        Assert.Equal(rating, item.GetProperty("rating").GetString());
        var verdict = await (await editor.GetAsync($"/v1/claims/{item.GetProperty("claimId").GetInt64()}/verdicts/{item.GetProperty("verdictId").GetInt64()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(rating, verdict.GetProperty("rating").GetString());
        Assert.Equal(label, verdict.GetProperty("originalLabel").GetString());
    }
}
