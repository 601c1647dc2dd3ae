using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Http;

/// <summary>
/// One rule for every date the API stores (claimedAt, publishedAt, reviewedAt, quantity asOf and the
/// ClaimReview import's datePublished): from 1000-01-01 to one day after now (UTC). Whatever the API
/// stored therefore exports as ClaimReview that the import takes back.
/// </summary>
public sealed class DateRuleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task DatesOutsideTheRuleAreRefusedNamingTheField()
    {
        var editor = await api.Editor();
        var source = (await Seed.Source(editor)).Id();
        var claim = (await Seed.Claim(editor, source)).Id();

        var farFuture = await (await editor.PostJson("/v1/claims", new { text = "A claim", speakerId = source, claimedAt = "9999-12-31T00:00:00Z" }))
            .AssertValidationProblem("claimedAt");
        Assert.Contains("1000-01-01", farFuture.GetProperty("errors").GetProperty("claimedAt")[0].GetString(), StringComparison.Ordinal);
        await (await editor.PostJson("/v1/claims", new { text = "A claim", speakerId = source, claimedAt = "0999-12-31T23:59:59Z" }))
            .AssertValidationProblem("claimedAt");
        await (await editor.PatchJson($"/v1/claims/{claim}", new { claimedAt = "9999-12-31T00:00:00Z" })).AssertValidationProblem("claimedAt");
        await (await editor.PostJson("/v1/claims", new { text = "A claim", speakerId = source, quantity = new { value = 1, unit = "troops", asOf = "9999-12-31" } }))
            .AssertValidationProblem("quantity.asOf");
        await (await editor.PatchJson($"/v1/claims/{claim}", new { quantity = new { value = 1, unit = "troops", asOf = "0500-01-01" } }))
            .AssertValidationProblem("quantity.asOf");
        await (await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = "x", publishedAt = "9999-12-31T00:00:00Z" }))
            .AssertValidationProblem("publishedAt");
        await (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "Misbar", reviewedAt = "0001-01-01T00:00:00Z" }))
            .AssertValidationProblem("reviewedAt");
        var stored = await (await editor.GetAsync($"/v1/claims/{claim}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("claimedAt").ValueKind);
    }

    [Fact]
    public async Task NdjsonLinesAndClaimReviewsAreHeldToTheSameRule()
    {
        var editor = await api.Editor();
        var source = (await Seed.Source(editor)).Id();
        var text = $"An NDJSON claim {Guid.NewGuid():N}";
        var line = JsonSerializer.Serialize(new { entity = "claim", data = new { text, speakerId = source, claimedAt = "9999-12-31T00:00:00Z" } });

        var ndjson = await editor.PostAsync("/v1/imports/ndjson", new StringContent(line + "\n", Encoding.UTF8, "application/x-ndjson"));

        Assert.Contains("data.claimedAt", await ndjson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await editor.Items($"/v1/claims?sourceId={source}&limit=500"));

        var review = Review(Unique.Url(), claimedAt: "0999-12-31", reviewedAt: "2015-11-05");
        var import = await editor.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/imports/claimreview")
        {
            Content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/ld+json"),
        });
        await import.AssertValidationProblem("itemReviewed.datePublished");
    }

    [Fact]
    public async Task AClaimWithTheExtremeAllowedDatesExportsAsAClaimReviewTheImportAccepts()
    {
        using var origin = new ApiFactory();
        using var copy = new ApiFactory();
        var editor = await origin.Editor();
        // The latest the rule allows, less a minute for the time the test takes.
        var latest = DateTimeOffset.UtcNow.AddDays(1).AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
        var latestDate = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var speaker = (await Seed.Source(editor, "Joseph Dunford", "person")).Id();
        var publisher = (await Seed.Source(editor, "Bloomberg")).Id();
        var oldest = (await (await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = "Oldest", publishedAt = "1000-01-01T00:00:00Z", publisherId = publisher }))
            .AssertJson(HttpStatusCode.Created)).Id();
        var newest = (await (await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = "Newest", publishedAt = latest, publisherId = publisher }))
            .AssertJson(HttpStatusCode.Created)).Id();
        var first = (await (await editor.PostJson("/v1/claims", new
        {
            text = "The earliest claim",
            speakerId = speaker,
            articleId = oldest,
            claimedAt = "1000-01-01T00:00:00Z",
            quantity = new { value = 2000, unit = "troops", asOf = "1000-01-01" },
        })).AssertJson(HttpStatusCode.Created)).Id();
        var last = (await (await editor.PostJson("/v1/claims", new
        {
            text = "The latest claim",
            speakerId = speaker,
            articleId = newest,
            claimedAt = latest,
            quantity = new { value = 2000, unit = "troops", asOf = latestDate },
        })).AssertJson(HttpStatusCode.Created)).Id();
        (await editor.PostJson($"/v1/claims/{first}/verdicts", new { rating = "false", reviewer = "Misbar", reviewedAt = "1000-01-01T00:00:00Z" }))
            .EnsureSuccessStatusCode();
        (await editor.PostJson($"/v1/claims/{last}/verdicts", new { rating = "true", reviewer = "Misbar", reviewedAt = latest }))
            .EnsureSuccessStatusCode();
        var exported = await (await editor.GetAsync("/v1/exports/claimreview")).Content.ReadAsStringAsync();

        var imported = await (await (await copy.Editor()).SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/imports/claimreview")
        {
            Content = new StringContent(exported, Encoding.UTF8, "application/ld+json"),
        })).AssertJson(HttpStatusCode.OK);

        Assert.Equal(2, imported.GetProperty("created").GetInt32());
        var reexported = await (await copy.Anonymous().GetAsync("/v1/exports/claimreview")).Content.ReadAsStringAsync();
        Assert.Equal(exported, reexported);
    }

    [Fact]
    public async Task EveryRatingWithAnyReviewersLabelExportsAsAClaimReviewThatImportsToTheSameVerdict()
    {
        using var origin = new ApiFactory();
        using var copy = new ApiFactory();
        var editor = await origin.Editor();
        var speaker = (await Seed.Source(editor, "Joseph Dunford", "person")).Id();
        // An unverifiable verdict carries no ratingValue, so its label alone once decided the rating on import:
        // a label the import does not know was refused, and one naming another rating changed the verdict.
        var verdicts = new (string Rating, string? Label)[]
        {
            ("unverifiable", "Needs context"), ("unverifiable", "False"), ("unverifiable", null),
            ("false", "Pants on fire"), ("mostly-true", "صحيح جزئياً"), ("mixed", null),
        };
        foreach (var (rating, label) in verdicts)
        {
            var claim = (await Seed.Claim(editor, speaker)).Id();
            (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating, reviewer = "Misbar", originalLabel = label, reviewedAt = "2015-11-05T00:00:00Z" }))
                .EnsureSuccessStatusCode();
        }
        var exported = await (await editor.GetAsync("/v1/exports/claimreview")).Content.ReadAsStringAsync();

        var imported = await (await (await copy.Editor()).SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/imports/claimreview")
        {
            Content = new StringContent(exported, Encoding.UTF8, "application/ld+json"),
        })).AssertJson(HttpStatusCode.OK);

        Assert.Equal(verdicts.Length, imported.GetProperty("created").GetInt32());
        var ratings = (await copy.Anonymous().Items("/v1/claims?limit=500"))
            .OrderBy(c => c.Id()).Select(c => c.GetProperty("status").GetString()).ToArray();
        Assert.Equal(verdicts.Select(v => v.Rating).ToArray(), ratings);
        var reexported = await (await copy.Anonymous().GetAsync("/v1/exports/claimreview")).Content.ReadAsStringAsync();
        Assert.Equal(exported, reexported);
    }

    private static JsonObject Review(string url, string claimedAt, string reviewedAt) => new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "ClaimReview",
        ["url"] = url,
        ["claimReviewed"] = "A claim reviewed",
        ["datePublished"] = reviewedAt,
        ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Misbar" },
        ["reviewRating"] = new JsonObject { ["@type"] = "Rating", ["alternateName"] = "False" },
        ["itemReviewed"] = new JsonObject
        {
            ["@type"] = "Claim",
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Unnamed speaker" },
            ["datePublished"] = claimedAt,
        },
    };
}
