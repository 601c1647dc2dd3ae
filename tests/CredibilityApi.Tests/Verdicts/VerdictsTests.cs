using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Verdicts;

public sealed class VerdictsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task PostingVerdictRecordsItAndRatesTheClaim()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);

        var response = await editor.PostJson($"/v1/claims/{claim}/verdicts", new
        {
            rating = "mostly-false",
            reviewer = "Misbar",
            url = "https://misbar.com/factcheck/2015/10/22/iran-troops",
            reviewedAt = "2015-10-22T12:00:00Z",
            explanation = "قدّر رئيس هيئة الأركان المشتركة عدد القوات الإيرانية في سوريا بـ2000 فقط.",
            originalLabel = "مضلل",
        });

        var created = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal($"/v1/claims/{claim}/verdicts/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(claim, created.GetProperty("claimId").GetInt64());
        Assert.Equal("mostly-false", created.GetProperty("rating").GetString());
        Assert.Equal("Misbar", created.GetProperty("reviewer").GetString());
        Assert.Equal("https://misbar.com/factcheck/2015/10/22/iran-troops", created.GetProperty("url").GetString());
        Assert.Equal(new DateTimeOffset(2015, 10, 22, 12, 0, 0, TimeSpan.Zero), created.GetProperty("reviewedAt").GetDateTimeOffset());
        Assert.Equal("مضلل", created.GetProperty("originalLabel").GetString());
        var rated = await ReadClaim(claim);
        Assert.Equal("mostly-false", rated.GetProperty("status").GetString());
        var latest = rated.GetProperty("latestVerdict");
        Assert.Equal(created.Id(), latest.Id());
        Assert.Equal("mostly-false", latest.GetProperty("rating").GetString());
        Assert.Equal("Misbar", latest.GetProperty("reviewer").GetString());
        Assert.Equal(new DateTimeOffset(2015, 10, 22, 12, 0, 0, TimeSpan.Zero), latest.GetProperty("reviewedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task PostingVerdictWithoutReviewedAtReviewsItNow()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);
        var before = DateTimeOffset.UtcNow;

        var created = await (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "unverifiable", reviewer = "Misbar" }))
            .AssertJson(HttpStatusCode.Created);

        var reviewedAt = created.GetProperty("reviewedAt").GetDateTimeOffset();
        Assert.InRange(reviewedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("unverifiable", (await ReadClaim(claim)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ClaimStatusFollowsTheLatestReviewNotTheLatestPost()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);
        var newer = await Verdict(editor, claim, "false", "2015-11-10T00:00:00Z");

        var older = await Verdict(editor, claim, "true", "2015-11-01T00:00:00Z");

        var read = await ReadClaim(claim);
        Assert.Equal("false", read.GetProperty("status").GetString());
        Assert.Equal(newer, read.GetProperty("latestVerdict").Id());
        Assert.NotEqual(older, read.GetProperty("latestVerdict").Id());
        Assert.Empty(Ids(await GetJson($"/v1/claims?subject={read.GetProperty("subject").GetString()}&status=true")));

        var newest = await Verdict(editor, claim, "mostly-true", "2015-12-01T00:00:00Z");

        read = await ReadClaim(claim);
        Assert.Equal("mostly-true", read.GetProperty("status").GetString());
        Assert.Equal(newest, read.GetProperty("latestVerdict").Id());
    }

    [Fact]
    public async Task ClaimStatusComparesReviewTimesAsInstantsWhateverTheirOffset()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);
        // 01:00 in Damascus on the 10th is 22:00 UTC on the 9th, an hour before the second review.
        var damascus = await Verdict(editor, claim, "false", "2015-11-10T01:00:00+03:00");
        var utc = await Verdict(editor, claim, "mixed", "2015-11-09T23:00:00Z");

        var read = await ReadClaim(claim);

        Assert.Equal("mixed", read.GetProperty("status").GetString());
        Assert.Equal(utc, read.GetProperty("latestVerdict").Id());
        Assert.Equal([utc, damascus], Ids(await GetJson($"/v1/claims/{claim}/verdicts")));
    }

    [Fact]
    public async Task ListingVerdictsPutsTheLatestReviewFirst()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);
        var middle = await Verdict(editor, claim, "mixed", "2015-11-05T00:00:00Z");
        var newest = await Verdict(editor, claim, "false", "2015-11-10T00:00:00Z");
        var oldest = await Verdict(editor, claim, "true", "2015-11-01T00:00:00Z");

        var page = await GetJson($"/v1/claims/{claim}/verdicts");

        Assert.Equal([newest, middle, oldest], Ids(page));
        Assert.Equal((await ReadClaim(claim)).GetProperty("latestVerdict").Id(), Ids(page)[0]);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task ListingVerdictsPagesNewestFirstWithNextCursor()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);
        var first = await Verdict(editor, claim, "mixed", "2015-10-03T00:00:00Z");
        var second = await Verdict(editor, claim, "true", "2015-10-01T00:00:00Z");
        var third = await Verdict(editor, claim, "false", "2015-10-05T00:00:00Z");
        // Reviewed at the same moment as the first: the later post counts as newer.
        var fourth = await Verdict(editor, claim, "mostly-false", "2015-10-03T00:00:00Z");
        var fifth = await Verdict(editor, claim, "mostly-true", "2015-10-02T00:00:00Z");

        var seen = new List<long>();
        var pages = new List<int>();
        string? cursor = null;
        do
        {
            var page = await GetJson($"/v1/claims/{claim}/verdicts?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(Ids(page));
            pages.Add(page.GetProperty("items").GetArrayLength());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal([third, fourth, first, fifth, second], seen);
    }

    [Fact]
    public async Task ListingVerdictsWithForgedCursorReturnsProblem()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);

        var response = await api.Anonymous().GetAsync($"/v1/claims/{claim}/verdicts?cursor=not-a-cursor");

        await response.AssertValidationProblem("cursor");
    }

    [Fact]
    public async Task ListingVerdictsShowsOnlyThatClaimsVerdicts()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);
        var other = await Claim(editor);
        var mine = await Verdict(editor, claim, "false", "2015-11-10T00:00:00Z");
        await Verdict(editor, other, "true", "2015-11-11T00:00:00Z");

        var page = await GetJson($"/v1/claims/{claim}/verdicts");

        Assert.Equal([mine], Ids(page));
    }

    [Fact]
    public async Task GettingVerdictReturnsItOnlyUnderItsClaim()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);
        var other = await Claim(editor);
        var verdict = await Verdict(editor, claim, "mixed", "2015-11-10T00:00:00Z");

        var read = await GetJson($"/v1/claims/{claim}/verdicts/{verdict}");
        var elsewhere = await api.Anonymous().GetAsync($"/v1/claims/{other}/verdicts/{verdict}");

        Assert.Equal(verdict, read.Id());
        Assert.Equal(claim, read.GetProperty("claimId").GetInt64());
        Assert.Equal("mixed", read.GetProperty("rating").GetString());
        Assert.Equal("Misbar", read.GetProperty("reviewer").GetString());
        await elsewhere.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GettingUnknownVerdictReturnsNotFoundProblem()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);

        var response = await api.Anonymous().GetAsync($"/v1/claims/{claim}/verdicts/987654321");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostingVerdictOnUnknownClaimReturnsNotFoundProblem()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/claims/987654321/verdicts", new { rating = "false", reviewer = "Misbar" });

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListingVerdictsOfUnknownClaimReturnsNotFoundProblem()
    {
        var response = await api.Anonymous().GetAsync("/v1/claims/987654321/verdicts");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostingVerdictWithoutRatingAndReviewerWithBadUrlAndFutureReviewNamesEach()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);

        var response = await editor.PostJson($"/v1/claims/{claim}/verdicts", new
        {
            url = "misbar.com/factcheck",
            reviewedAt = DateTimeOffset.UtcNow.AddDays(30),
        });

        await response.AssertValidationProblem("rating", "reviewer", "url", "reviewedAt");
        Assert.Equal("unrated", (await ReadClaim(claim)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("ftp://misbar.com/factcheck/1")]
    [InlineData("javascript:alert(1)")]
    public async Task PostingVerdictWithNonHttpUrlReturnsProblem(string url)
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);

        var response = await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "Misbar", url });

        await response.AssertValidationProblem("url");
    }

    [Fact]
    public async Task PostingVerdictReviewedDaysAheadReturnsProblem()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);

        var response = await editor.PostJson($"/v1/claims/{claim}/verdicts", new
        {
            rating = "false",
            reviewer = "Misbar",
            reviewedAt = DateTimeOffset.UtcNow.AddDays(2),
        });

        await response.AssertValidationProblem("reviewedAt");
        Assert.Empty(Ids(await GetJson($"/v1/claims/{claim}/verdicts")));
    }

    [Fact]
    public async Task PostingVerdictWithUnknownRatingReturnsProblem()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);

        var response = await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "pants-on-fire", reviewer = "PolitiFact" });

        await response.AssertValidationProblem("rating");
        Assert.Empty(Ids(await GetJson($"/v1/claims/{claim}/verdicts")));
    }

    [Fact]
    public async Task PostingVerdictWithReaderKeyIsForbidden()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);
        var reader = await api.WithRole("reader");

        var response = await reader.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "Misbar" });

        await response.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("unrated", (await ReadClaim(claim)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task PostingVerdictWithoutKeyIsUnauthorized()
    {
        var editor = await api.Editor();
        var claim = await Claim(editor);

        var response = await api.Anonymous().PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "Misbar" });

        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Empty(Ids(await GetJson($"/v1/claims/{claim}/verdicts")));
    }

    /// <summary>Bloomberg's report of Iran pulling out of Syria, on a subject of its own.</summary>
    private static async Task<long> Claim(HttpClient editor)
    {
        var bloomberg = await Seed.Source(editor, "Bloomberg");
        return (await Seed.Claim(editor, bloomberg.Id(), Baladi.BloombergReport, Unique.Subject("iran-troops-in-syria"))).Id();
    }

    private static async Task<long> Verdict(HttpClient editor, long claimId, string rating, string reviewedAt) =>
        (await (await editor.PostJson($"/v1/claims/{claimId}/verdicts", new { rating, reviewer = "Misbar", reviewedAt }))
            .AssertJson(HttpStatusCode.Created)).Id();

    private Task<JsonElement> ReadClaim(long id) => GetJson($"/v1/claims/{id}");

    private async Task<JsonElement> GetJson(string url) =>
        await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);

    private static long[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.Id())];
}
