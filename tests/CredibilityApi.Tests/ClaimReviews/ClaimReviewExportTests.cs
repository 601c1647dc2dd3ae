using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.ClaimReviews;

public sealed class ClaimReviewExportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ClaimWithVerdictIsExportedAsClaimReviewJsonLd()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var speaker = (await (await editor.PostJson("/v1/sources", new { name = $"Joseph Dunford {tag}", kind = "person" })).AssertJson(HttpStatusCode.Created)).Id();
        var publisher = (await (await editor.PostJson("/v1/sources", new { name = $"Bloomberg {tag}", kind = "outlet" })).AssertJson(HttpStatusCode.Created)).Id();
        var articleUrl = $"https://example.org/bloomberg/{tag}";
        var article = (await (await editor.PostJson("/v1/articles", new { url = articleUrl, title = "Iran pulls troops", publisherId = publisher, publishedAt = "2015-12-10T08:00:00Z" })).AssertJson(HttpStatusCode.Created)).Id();
        var claim = (await (await editor.PostJson("/v1/claims", new { text = "Only 2,000 IRGC troops remain in Syria", speakerId = speaker, articleId = article, claimedAt = "2015-12-09T00:00:00Z" })).AssertJson(HttpStatusCode.Created)).Id();
        (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "mostly-false", reviewer = "Misbar", url = "https://misbar.com/check/1", reviewedAt = "2015-12-12T00:00:00Z", originalLabel = "مضلل" })).EnsureSuccessStatusCode();

        var review = await (await editor.GetAsync($"/v1/claims/{claim}/claimreview")).AssertJson(HttpStatusCode.OK);

        Assert.Equal("https://schema.org", review.GetProperty("@context").GetString());
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.Equal("https://misbar.com/check/1", review.GetProperty("url").GetString());
        Assert.Equal("Only 2,000 IRGC troops remain in Syria", review.GetProperty("claimReviewed").GetString());
        Assert.Equal("Misbar", review.GetProperty("author").GetProperty("name").GetString());
        Assert.StartsWith("2015-12-12", review.GetProperty("datePublished").GetString(), StringComparison.Ordinal);
        var rating = review.GetProperty("reviewRating");
        Assert.Equal(2, rating.GetProperty("ratingValue").GetInt32());
        Assert.Equal(5, rating.GetProperty("bestRating").GetInt32());
        Assert.Equal(1, rating.GetProperty("worstRating").GetInt32());
        Assert.Equal("مضلل", rating.GetProperty("alternateName").GetString());
        var item = review.GetProperty("itemReviewed");
        Assert.Equal("Claim", item.GetProperty("@type").GetString());
        Assert.Equal("Person", item.GetProperty("author").GetProperty("@type").GetString());
        Assert.Equal($"Joseph Dunford {tag}", item.GetProperty("author").GetProperty("name").GetString());
        Assert.StartsWith("2015-12-09", item.GetProperty("datePublished").GetString(), StringComparison.Ordinal);
        Assert.Equal(articleUrl, Assert.Single(item.GetProperty("appearance").EnumerateArray()).GetProperty("url").GetString());
        Assert.Equal(articleUrl, item.GetProperty("firstAppearance").GetProperty("url").GetString());
    }

    [Fact]
    public async Task ClaimWithoutVerdictHasNoClaimReview()
    {
        var editor = await api.Editor();
        var speaker = (await (await editor.PostJson("/v1/sources", new { name = $"Unrated {Guid.NewGuid():N}", kind = "outlet" })).AssertJson(HttpStatusCode.Created)).Id();
        var claim = (await (await editor.PostJson("/v1/claims", new { text = "Not yet reviewed", speakerId = speaker })).AssertJson(HttpStatusCode.Created)).Id();

        await (await editor.GetAsync($"/v1/claims/{claim}/claimreview")).AssertProblem(HttpStatusCode.NotFound);
        await (await editor.GetAsync("/v1/claims/999999999/claimreview")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ExportPagesThroughRatedClaimsOnlyAsDataFeed()
    {
        using var fresh = new ApiFactory();
        var editor = await fresh.Editor();
        var speaker = (await (await editor.PostJson("/v1/sources", new { name = "Feed speaker", kind = "organization" })).AssertJson(HttpStatusCode.Created)).Id();
        var rated = new List<(long Claim, long Verdict)>();
        for (var i = 0; i < 3; i++)
        {
            var claim = (await (await editor.PostJson("/v1/claims", new { text = $"Rated claim {i}", speakerId = speaker })).AssertJson(HttpStatusCode.Created)).Id();
            var verdict = (await (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "unverifiable", reviewer = "Desk" })).AssertJson(HttpStatusCode.Created)).Id();
            rated.Add((claim, verdict));
            (await editor.PostJson("/v1/claims", new { text = $"Unrated claim {i}", speakerId = speaker })).EnsureSuccessStatusCode();
        }

        var first = await (await editor.GetAsync("/v1/exports/claimreview?limit=2")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("DataFeed", first.GetProperty("@type").GetString());
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        var second = await (await editor.GetAsync($"/v1/exports/claimreview?limit=2&cursor={Uri.EscapeDataString(cursor)}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        var reviewed = first.GetProperty("dataFeedElement").EnumerateArray().Concat(second.GetProperty("dataFeedElement").EnumerateArray())
            .Select(r => r.GetProperty("claimReviewed").GetString()!).ToArray();
        Assert.Equal(["Rated claim 0", "Rated claim 1", "Rated claim 2"], reviewed);
        var element = first.GetProperty("dataFeedElement")[0];
        Assert.Equal(JsonValueKind.Null, element.GetProperty("reviewRating").GetProperty("ratingValue").ValueKind);
        Assert.Equal("unverifiable", element.GetProperty("reviewRating").GetProperty("alternateName").GetString());
        // A verdict recorded here without a url of its own is addressed as itself.
        Assert.EndsWith($"/v1/claims/{rated[0].Claim}/verdicts/{rated[0].Verdict}", element.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("Organization", element.GetProperty("itemReviewed").GetProperty("author").GetProperty("@type").GetString());
    }

    [Fact]
    public async Task ExportWithTooLargeLimitReturnsValidationProblem()
    {
        var response = await (await api.Editor()).GetAsync("/v1/exports/claimreview?limit=501");

        await response.AssertValidationProblem("limit");
    }

    [Theory]
    [InlineData("https://credibility.example.org/desk", "https://credibility.example.org/desk")]
    [InlineData("https://credibility.example.org/desk/", "https://credibility.example.org/desk")]
    [InlineData(null, "http://localhost:5000")]
    public async Task ExportedUrlsUseThePublicBaseUrlAndNeverTheHostHeader(string? configured, string expected)
    {
        // Every host allowed, so only the service's own rule stands between the header and the url.
        using var service = new ApiFactory().With("PublicBaseUrl", configured).With("AllowedHosts", "*");
        var editor = await service.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var claim = (await Seed.Claim(editor, speaker)).Id();
        var verdict = (await (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "Desk" })).AssertJson(HttpStatusCode.Created)).Id();
        var url = $"{expected}/v1/claims/{claim}/verdicts/{verdict}";

        var review = await (await FromHost(service, $"/v1/claims/{claim}/claimreview", "attacker.example")).AssertJson(HttpStatusCode.OK);
        var feed = await (await FromHost(service, "/v1/exports/claimreview", "attacker.example:8443")).AssertJson(HttpStatusCode.OK);

        Assert.Equal(url, review.GetProperty("url").GetString());
        Assert.Equal(url, Assert.Single(feed.GetProperty("dataFeedElement").EnumerateArray()).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("credibility.example.org")]
    [InlineData("/v1")]
    [InlineData("ftp://credibility.example.org")]
    [InlineData("https://credibility.example.org/?desk=1")]
    [InlineData("https://credibility.example.org/#desk")]
    [InlineData("https://user:pass@credibility.example.org")]
    public void APublicBaseUrlThatIsNotAnAbsoluteHttpUrlStopsStartUp(string configured)
    {
        var failure = ApiFactory.StartUpFailure(() => new ApiFactory().With("PublicBaseUrl", configured));

        Assert.Contains("PublicBaseUrl", failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("localhost:5000", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:8080", HttpStatusCode.OK)]
    [InlineData("[::1]:5000", HttpStatusCode.OK)]
    [InlineData("attacker.example", HttpStatusCode.BadRequest)]
    public async Task TheShippedConfigurationAnswersOnlyLocalHostNames(string host, HttpStatusCode status)
    {
        var response = await FromHost(api, "/v1/sources", host);

        Assert.Equal(status, response.StatusCode);
    }

    private static Task<HttpResponseMessage> FromHost(ApiFactory service, string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return service.Anonymous().SendAsync(request);
    }
}
