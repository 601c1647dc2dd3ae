using System.Net;
using System.Text;
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
