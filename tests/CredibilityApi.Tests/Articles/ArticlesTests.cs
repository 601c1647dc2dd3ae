using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Articles;

public sealed class ArticlesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task PostingArticleWithPublisherAndCitationsKeepsCitationsInOrder()
    {
        var editor = await api.Editor();
        var baladi = await Seed.Source(editor, "Baladi News");
        var bloomberg = await Seed.Source(editor, "Bloomberg");
        var isna = await Seed.Source(editor, "ISNA");
        var tasnim = await Seed.Source(editor, "Tasnim");
        var body = Baladi.Body;
        var bloombergAt = body.IndexOf("بلومبرج", StringComparison.Ordinal);
        var isnaAt = body.IndexOf("إسنا", StringComparison.Ordinal);
        var url = Unique.Url();

        // Not in id order, so the test sees the order given rather than the order of the sources.
        var response = await editor.PostJson("/v1/articles", new
        {
            url,
            title = Baladi.Title,
            language = "ar",
            publishedAt = "2015-10-21T09:30:00Z",
            publisherId = baladi.Id(),
            author = "أيمن محمد",
            body,
            citations = new object[]
            {
                new { sourceId = bloomberg.Id(), role = "reports", start = bloombergAt, end = bloombergAt + "بلومبرج".Length, matchedAlias = "بلومبرج" },
                new { sourceId = isna.Id(), role = "quotes", start = isnaAt, end = isnaAt + "إسنا".Length, matchedAlias = "إسنا" },
                new { sourceId = tasnim.Id() },
            },
        });

        var created = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal($"/v1/articles/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(url, created.GetProperty("url").GetString());
        Assert.Equal(Baladi.Title, created.GetProperty("title").GetString());
        Assert.Equal(body, created.GetProperty("body").GetString());
        Assert.Equal(new DateTimeOffset(2015, 10, 21, 9, 30, 0, TimeSpan.Zero), created.GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Equal(baladi.Id(), created.GetProperty("publisherId").GetInt64());
        Assert.Equal("Baladi News", created.GetProperty("publisher").GetProperty("name").GetString());
        AssertCitation(created.GetProperty("citations")[0], bloomberg.Id(), "Bloomberg", "reports", bloombergAt, bloombergAt + 7, "بلومبرج");
        AssertCitation(created.GetProperty("citations")[1], isna.Id(), "ISNA", "quotes", isnaAt, isnaAt + 4, "إسنا");
        AssertCitation(created.GetProperty("citations")[2], tasnim.Id(), "Tasnim", "mentions", null, null, null);
        Assert.Equal(3, created.GetProperty("citations").GetArrayLength());
        Assert.Equal("بلومبرج", body[bloombergAt..(bloombergAt + 7)]);

        var read = await (await api.Anonymous().GetAsync($"/v1/articles/{created.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(
            created.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("sourceId").GetInt64()),
            read.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("sourceId").GetInt64()));
        AssertCitation(read.GetProperty("citations")[1], isna.Id(), "ISNA", "quotes", isnaAt, isnaAt + 4, "إسنا");
        Assert.Equal("أيمن محمد", read.GetProperty("author").GetString());
        Assert.Empty(read.GetProperty("claims").EnumerateArray());
    }

    [Fact]
    public async Task ReadingArticleShowsTheClaimsMadeInIt()
    {
        var editor = await api.Editor();
        var publisher = await Seed.Source(editor, "Baladi News");
        var deputy = await Seed.Source(editor, "حسين أمير عبد اللهيان", kind: "person");
        var article = await Seed.Article(editor, publisher.Id(), Baladi.Body);
        var subject = Unique.Subject("iran-russia-rift");
        var claim = await Seed.Claim(editor, deputy.Id(), Baladi.Denial, subject, stance: "denies", articleId: article.Id());
        var unrelated = await Seed.Claim(editor, deputy.Id(), Baladi.IsnaQuote, subject);

        var response = await api.Anonymous().GetAsync($"/v1/articles/{article.Id()}");

        var read = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var claims = read.GetProperty("claims");
        Assert.Equal(1, claims.GetArrayLength());
        Assert.Equal(claim.Id(), claims[0].Id());
        Assert.NotEqual(unrelated.Id(), claims[0].Id());
        Assert.Equal(Baladi.Denial, claims[0].GetProperty("text").GetString());
        Assert.Equal(deputy.Id(), claims[0].GetProperty("speakerId").GetInt64());
        Assert.Equal(subject, claims[0].GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData("HTTPS://WWW.Baladi-News.COM/ar/news/details/{0}")]
    [InlineData("https://www.baladi-news.com/ar/news/details/{0}/")]
    [InlineData("https://www.baladi-news.com/ar/news/details/{0}#comments")]
    [InlineData("https://www.baladi-news.com:443/ar/news/details/{0}")]
    public async Task PostingArticleWhoseUrlOnlyDiffersByNormalisationReturnsConflict(string variant)
    {
        var editor = await api.Editor();
        var slug = Guid.NewGuid().ToString("N");
        var first = await editor.PostJson("/v1/articles", new { url = $"https://www.baladi-news.com/ar/news/details/{slug}", title = Baladi.Title });
        await first.AssertJson(HttpStatusCode.Created);

        var response = await editor.PostJson("/v1/articles", new { url = string.Format(null, variant, slug), title = Baladi.Title });

        var problem = await response.AssertProblem(HttpStatusCode.Conflict);
        Assert.False(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task PostingArticleWhosePathDiffersInCaseIsAnotherArticle()
    {
        var editor = await api.Editor();
        var slug = Guid.NewGuid().ToString("N");
        await (await editor.PostJson("/v1/articles", new { url = $"https://example.org/news/{slug}", title = Baladi.Title }))
            .AssertJson(HttpStatusCode.Created);

        var response = await editor.PostJson("/v1/articles", new { url = $"https://example.org/News/{slug}", title = Baladi.Title });

        await response.AssertJson(HttpStatusCode.Created);
    }

    [Fact]
    public async Task PostingArticleWithoutUrlAndTitleNamesBoth()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/articles", new { language = "ar", body = Baladi.Body });

        await response.AssertValidationProblem("url", "title");
    }

    [Fact]
    public async Task PostingArticleWithFtpUrlAndBadLanguageTagNamesBoth()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/articles", new
        {
            url = "ftp://www.baladi-news.com/ar/news/1",
            title = Baladi.Title,
            language = "arabic language",
        });

        await response.AssertValidationProblem("url", "language");
    }

    [Fact]
    public async Task PostingArticleWithUnknownPublisherReturnsProblem()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = Baladi.Title, publisherId = 987_654_321 });

        await response.AssertValidationProblem("publisherId");
    }

    [Fact]
    public async Task PostingArticleCitingUnknownSourceNamesThatCitationAndWritesNothing()
    {
        var editor = await api.Editor();
        var isna = await Seed.Source(editor, "ISNA");
        var url = Unique.Url();

        var response = await editor.PostJson("/v1/articles", new
        {
            url,
            title = Baladi.Title,
            body = Baladi.Body,
            citations = new object[] { new { sourceId = 987_654_321, role = "quotes" }, new { sourceId = isna.Id(), role = "quotes" } },
        });

        await response.AssertValidationProblem("citations[0].sourceId");
        // The refused article left nothing behind: its URL is still free.
        var retry = await editor.PostJson("/v1/articles", new
        {
            url,
            title = Baladi.Title,
            citations = new object[] { new { sourceId = isna.Id(), role = "quotes" } },
        });
        await retry.AssertJson(HttpStatusCode.Created);
    }

    [Fact]
    public async Task PostingArticleWithSpanEndingBeyondTheBodyReturnsProblem()
    {
        var editor = await api.Editor();
        var isna = await Seed.Source(editor, "ISNA");
        var body = Baladi.Denial;

        var response = await editor.PostJson("/v1/articles", new
        {
            url = Unique.Url(),
            title = Baladi.Title,
            body,
            citations = new object[] { new { sourceId = isna.Id(), start = body.Length - 2, end = body.Length + 1 } },
        });

        await response.AssertValidationProblem("citations[0]");
    }

    [Fact]
    public async Task PostingArticleWithSpanEndingAtTheBodysEndIsAccepted()
    {
        var editor = await api.Editor();
        var isna = await Seed.Source(editor, "ISNA");
        var body = Baladi.Denial;

        var response = await editor.PostJson("/v1/articles", new
        {
            url = Unique.Url(),
            title = Baladi.Title,
            body,
            citations = new object[] { new { sourceId = isna.Id(), start = body.Length - 6, end = body.Length } },
        });

        var created = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal(body.Length, created.GetProperty("citations")[0].GetProperty("end").GetInt32());
    }

    [Fact]
    public async Task PostingArticleWithSpanEndingBeforeItsStartReturnsProblem()
    {
        var editor = await api.Editor();
        var isna = await Seed.Source(editor, "ISNA");

        var response = await editor.PostJson("/v1/articles", new
        {
            url = Unique.Url(),
            title = Baladi.Title,
            body = Baladi.Body,
            citations = new object[] { new { sourceId = isna.Id(), start = 40, end = 30 } },
        });

        await response.AssertValidationProblem("citations[0].end");
    }

    [Fact]
    public async Task GettingUnknownArticleReturnsNotFoundProblem()
    {
        var response = await api.Anonymous().GetAsync("/v1/articles/987654321");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListingArticlesByPublisherReturnsOnlyThatPublishersArticles()
    {
        var editor = await api.Editor();
        var baladi = await Seed.Source(editor, "Baladi News");
        var tasnim = await Seed.Source(editor, "Tasnim");
        var first = await Seed.Article(editor, baladi.Id());
        await Seed.Article(editor, tasnim.Id());
        var second = await Seed.Article(editor, baladi.Id());

        var page = await (await api.Anonymous().GetAsync($"/v1/articles?publisherId={baladi.Id()}")).AssertJson(HttpStatusCode.OK);

        Assert.Equal([first.Id(), second.Id()], Ids(page));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task ListingArticlesFromAndToFiltersOnPublishedAtWithToExclusive()
    {
        var editor = await api.Editor();
        var publisher = await Seed.Source(editor, "Baladi News");
        var september = await PostArticle(editor, publisher.Id(), "2015-09-30T23:59:59Z");
        var early = await PostArticle(editor, publisher.Id(), "2015-10-01T00:00:00Z");
        var late = await PostArticle(editor, publisher.Id(), "2015-10-31T23:00:00Z");
        var november = await PostArticle(editor, publisher.Id(), "2015-11-01T00:00:00Z");
        var undated = await PostArticle(editor, publisher.Id(), null);

        var october = await List($"/v1/articles?publisherId={publisher.Id()}&from=2015-10-01T00:00:00Z&to=2015-11-01T00:00:00Z");
        var fromOnly = await List($"/v1/articles?publisherId={publisher.Id()}&from=2015-10-31T00:00:00Z");
        var toOnly = await List($"/v1/articles?publisherId={publisher.Id()}&to=2015-10-01T00:00:00Z");
        var all = await List($"/v1/articles?publisherId={publisher.Id()}");

        Assert.Equal([early, late], Ids(october));
        Assert.Equal([late, november], Ids(fromOnly));
        Assert.Equal([september], Ids(toOnly));
        Assert.Equal([september, early, late, november, undated], Ids(all));
    }

    [Theory]
    [InlineData("2015-11-01T00:00:00Z", "2015-11-01T00:00:00Z")]
    [InlineData("2015-11-01T00:00:00Z", "2015-10-01T00:00:00Z")]
    public async Task ListingArticlesWithToNotAfterFromReturnsProblem(string from, string to)
    {
        var response = await api.Anonymous().GetAsync($"/v1/articles?from={from}&to={to}");

        await response.AssertValidationProblem("to");
    }

    [Theory]
    [InlineData("ايران")]      // body: إيران (hamza below)
    [InlineData("إِيرَانُ")]   // with tashkeel
    [InlineData("الارهاب")]    // body: الإرهاب
    [InlineData("الخارجيه")]   // body: الخارجية (teh marbuta)
    [InlineData("سرا")]        // body: سراً (tanween)
    [InlineData("نفي نائب")]   // body: نفى نائب (alef maqsura), every word required
    public async Task SearchingArticlesMatchesArabicWhateverItsHamzaAndTashkeel(string q)
    {
        var editor = await api.Editor();
        var publisher = await Seed.Source(editor, "Baladi News");
        var matching = await Seed.Article(editor, publisher.Id(), Baladi.Body);
        await Seed.Article(editor, publisher.Id(), Baladi.PutinWelcome);

        var page = await List($"/v1/articles?publisherId={publisher.Id()}&q={Uri.EscapeDataString(q)}");

        Assert.Equal([matching.Id()], Ids(page));
    }

    [Fact]
    public async Task SearchingArticlesFindsTheTitleToo()
    {
        var editor = await api.Editor();
        var word = Unique.ArabicWord();
        var response = await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = $"{Baladi.Title} {word}", body = Baladi.PutinWelcome });
        var created = await response.AssertJson(HttpStatusCode.Created);

        var page = await List($"/v1/articles?q={Uri.EscapeDataString(word)}");

        Assert.Equal([created.Id()], Ids(page));
    }

    [Fact]
    public async Task ListingArticlesPagesThroughAllOfThemWithNextCursor()
    {
        var editor = await api.Editor();
        var publisher = await Seed.Source(editor, "Baladi News");
        var created = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Seed.Article(editor, publisher.Id())).Id());
        }

        var seen = new List<long>();
        var pages = new List<int>();
        string? cursor = null;
        do
        {
            var url = $"/v1/articles?publisherId={publisher.Id()}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await List(url);
            seen.AddRange(Ids(page));
            pages.Add(page.GetProperty("items").GetArrayLength());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task ListingArticlesWithForgedCursorReturnsProblem()
    {
        var response = await api.Anonymous().GetAsync("/v1/articles?cursor=not-a-cursor");

        await response.AssertValidationProblem("cursor");
    }

    private static void AssertCitation(JsonElement citation, long sourceId, string sourceName, string role, int? start, int? end, string? alias)
    {
        Assert.Equal(sourceId, citation.GetProperty("sourceId").GetInt64());
        Assert.Equal(sourceName, citation.GetProperty("sourceName").GetString());
        Assert.Equal(role, citation.GetProperty("role").GetString());
        Assert.Equal(start, citation.GetProperty("start").ValueKind == JsonValueKind.Null ? null : citation.GetProperty("start").GetInt32());
        Assert.Equal(end, citation.GetProperty("end").ValueKind == JsonValueKind.Null ? null : citation.GetProperty("end").GetInt32());
        Assert.Equal(alias, citation.GetProperty("matchedAlias").GetString());
    }

    private static async Task<long> PostArticle(HttpClient editor, long publisherId, string? publishedAt) =>
        (await (await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = Baladi.Title, publisherId, publishedAt }))
            .AssertJson(HttpStatusCode.Created)).Id();

    private async Task<JsonElement> List(string url) =>
        await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);

    private static long[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.Id())];
}
