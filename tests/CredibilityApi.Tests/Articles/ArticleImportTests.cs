using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Text;

namespace CredibilityApi.Tests.Articles;

/// <summary>The demo data plus two sources the pages name: the EU (named only in the corpus page's related list) and Télam.</summary>
public sealed class ImportFixture : IAsyncLifetime
{
    public ApiFactory Api { get; } = new ApiFactory().With("Demo:Load", "true");

    public HttpClient Editor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Editor = await Api.Editor();
        await Seed.Source(Editor, "European Union", "organization", new[] { new { text = "الاتحاد الأوروبي", language = "ar" } });
        await Seed.Source(Editor, "Télam");
    }

    public Task DisposeAsync()
    {
        Api.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class ArticleImportTests(ImportFixture fixture) : IClassFixture<ImportFixture>
{
    private const string DryRun = "/v1/articles/import?dryRun=true";

    [Fact]
    public async Task TheCorpusPageReadsAsTitlePublisherAuthorAndTheDemoArticlesBody()
    {
        var analysis = await Analyse(Texts.CorpusPage);

        Assert.Equal("طهران تنفي وجود خلافات مع موسكو بخصوص سوريا", analysis.GetProperty("title").GetString());
        Assert.Equal("Baladi News", analysis.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("بلدي نيوز", analysis.GetProperty("publisherName").GetString());
        Assert.False(analysis.GetProperty("unknownPublisher").GetBoolean());
        Assert.Equal("أيمن محمد", analysis.GetProperty("author").GetString());
        Assert.Equal("ar", analysis.GetProperty("language").GetString());
        var demoArticle = Assert.Single(await fixture.Api.Anonymous().Items("/v1/articles?q=طهران تنفي خلافات موسكو"));
        Assert.Equal(demoArticle.GetProperty("body").GetString(), analysis.GetProperty("body").GetString());
        Assert.DoesNotContain("//", analysis.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCorpusPageCitesBloombergIsnaTasnimAndNahrainNetAndNothingFromItsRelatedList()
    {
        var cited = Cited(await Analyse(Texts.CorpusPage));

        Assert.Equal("بلومبرج", cited["Bloomberg"].Text);
        Assert.Equal("وكالة أنباء الطلبة الإيرانية", cited["ISNA"].Text);
        Assert.Equal("وكالة تسنيم", cited["Tasnim News Agency"].Text);
        Assert.Equal("نهرين نت", cited["Nahrain Net"].Text);
        Assert.Equal("الجنرال جوزيف دانفورد", cited["Gen. Joseph Dunford"].Text);
        // Named in the related list only ("الاتحاد الأوروبي يعتمد نهجًا جديدًا…").
        Assert.DoesNotContain("European Union", cited.Keys);
        foreach (var (_, (text, alias)) in cited)
        {
            Assert.Equal(TextFold.Fold(alias), TextFold.Fold(text));
        }
    }

    [Fact]
    public async Task StoringAPageAnswers201WithTheArticleItsCitationsAndAnAuditEntry()
    {
        var url = $"https://example.org/import/{Guid.NewGuid():N}";

        var response = await fixture.Editor.PostText($"/v1/articles/import?url={Uri.EscapeDataString(url)}", Texts.Page("ar-attached-prefixes.txt"));

        var article = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal($"/v1/articles/{article.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(url, article.GetProperty("url").GetString());
        Assert.Equal("تسنيم: طهران تنفي نقل معدات إلى حلب", article.GetProperty("title").GetString());
        Assert.Equal("Baladi News", article.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("سارة الأحمد", article.GetProperty("author").GetString());
        Assert.Equal("ar", article.GetProperty("language").GetString());
        var read = await (await fixture.Api.Anonymous().GetAsync($"/v1/articles/{article.Id()}")).AssertJson(HttpStatusCode.OK);
        var body = read.GetProperty("body").GetString()!;
        var citations = read.GetProperty("citations").EnumerateArray().ToList();
        Assert.Equal(["Tasnim News Agency", "Bloomberg"], citations.Select(c => c.GetProperty("sourceName").GetString()));
        Assert.All(citations, c => Assert.Equal("mentions", c.GetProperty("role").GetString()));
        Assert.Equal(["وكالة تسنيم", "بلومبيرغ"], citations.Select(c => body[c.GetProperty("start").GetInt32()..c.GetProperty("end").GetInt32()]));
        var audit = await fixture.Api.Admin().Items($"/v1/audit?entity=article&id={article.Id()}");
        Assert.Equal("create", Assert.Single(audit).GetProperty("action").GetString());
        var found = Assert.Single(await fixture.Api.Anonymous().Items("/v1/articles?q=معدات عسكرية حلب"));
        Assert.Equal(article.Id(), found.Id());
    }

    [Fact]
    public async Task StoringTheSameUrlTwiceIsAConflict()
    {
        var url = Uri.EscapeDataString($"https://example.org/import/{Guid.NewGuid():N}");
        var page = Texts.Page("ar-no-known-source.txt");
        (await fixture.Editor.PostText($"/v1/articles/import?url={url}", page)).EnsureSuccessStatusCode();

        await (await fixture.Editor.PostText($"/v1/articles/import?url={url}/", page)).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task StoringNeedsAValidUrl()
    {
        var page = Texts.Page("ar-no-known-source.txt");

        await (await fixture.Editor.PostText("/v1/articles/import", page)).AssertValidationProblem("url");
        await (await fixture.Editor.PostText("/v1/articles/import?dryRun=false", page)).AssertValidationProblem("url");
        await (await fixture.Editor.PostText("/v1/articles/import?url=ftp://example.org/x", page)).AssertValidationProblem("url");
        await (await fixture.Editor.PostText("/v1/articles/import?dryRun=maybe", page)).AssertValidationProblem("dryRun");
    }

    [Fact]
    public async Task ADryRunStoresNothing()
    {
        var marker = $"zq{Guid.NewGuid():N}";

        await Analyse($"A headline {marker}\n\nBy Jane Roe\nText {marker} with Bloomberg.");

        Assert.Empty(await fixture.Api.Anonymous().Items($"/v1/articles?q={marker}"));
    }

    [Fact]
    public async Task PagesThatAreNotUtf8TextOrTooLargeOrEmptyAreRefused()
    {
        var editor = fixture.Editor;

        await (await editor.PostText(DryRun, "{}", "application/json")).AssertProblem(HttpStatusCode.UnsupportedMediaType);
        var latin1 = new ByteArrayContent([0x54, 0xE9, 0x6C, 0x61, 0x6D]);
        latin1.Headers.ContentType = new("text/plain") { CharSet = "iso-8859-1" };
        await (await editor.PostAsync(DryRun, latin1)).AssertProblem(HttpStatusCode.UnsupportedMediaType);
        var invalid = new ByteArrayContent([0x54, 0xE9, 0x6C, 0x61, 0x6D]);
        invalid.Headers.ContentType = new("text/plain");
        await (await editor.PostAsync(DryRun, invalid)).AssertValidationProblem("body");
        await (await editor.PostText(DryRun, " \n\t\n")).AssertValidationProblem("body");
        var tooLarge = await editor.PostText(DryRun, "Title\n\n" + new string('ب', 600_000));
        var problem = await tooLarge.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportingNeedsAnEditorKey()
    {
        var page = Texts.Page("ar-no-known-source.txt");

        await (await fixture.Api.Anonymous().PostText(DryRun, page)).AssertProblem(HttpStatusCode.Unauthorized);
        await (await (await fixture.Api.WithRole("reader")).PostText(DryRun, page)).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AttachedPrefixesComeOffNamesAndOutOfTheirSpans()
    {
        var cited = Cited(await Analyse(Texts.Page("ar-attached-prefixes.txt")));

        Assert.Equal(("وكالة تسنيم", "وكالة تسنيم"), cited["Tasnim News Agency"]);
        Assert.Equal(("بلومبيرغ", "بلومبيرغ"), cited["Bloomberg"]);
        Assert.Equal(2, cited.Count);
    }

    [Fact]
    public async Task NamesInsideQuotesAreFound()
    {
        var cited = Cited(await Analyse(Texts.Page("ar-names-in-quotes.txt")));

        Assert.Equal(("تسنيم", "تسنيم"), cited["Tasnim News Agency"]);
        Assert.Equal(("نهرين نت", "نهرين نت"), cited["Nahrain Net"]);
        Assert.Equal(2, cited.Count);
    }

    [Fact]
    public async Task NamesWithDiacriticsOrTatweelAreFoundWhereTheyAreWritten()
    {
        var cited = Cited(await Analyse(Texts.Page("ar-diacritics-tatweel.txt")));

        Assert.Equal(("وَكَالَةُ أَنْبَاءِ الطَّلَبَةِ الإِيرَانِيَّةِ", "وكالة أنباء الطلبة الإيرانية"), cited["ISNA"]);
        Assert.Equal(("بلومـــبرج", "بلومبرج"), cited["Bloomberg"]);
        Assert.Equal(2, cited.Count);
    }

    [Fact]
    public async Task HamzaVariantsMatch()
    {
        var cited = Cited(await Analyse(Texts.Page("ar-hamza-variants.txt")));

        Assert.Equal(("اسنا", "إسنا"), cited["ISNA"]);
        Assert.Equal(("الاتحاد الأوروبي", "الاتحاد الأوروبي"), cited["European Union"]);
        Assert.Equal(2, cited.Count);
    }

    [Fact]
    public async Task ASourceNamedOnlyInTheRelatedListIsNotCited()
    {
        var analysis = await Analyse(Texts.Page("ar-source-only-in-related-list.txt"));

        Assert.Equal(["Tasnim News Agency"], Cited(analysis).Keys);
        var body = analysis.GetProperty("body").GetString()!;
        Assert.EndsWith("دون أن تحدد عددها.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("بلومبرغ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageNamingNoKnownSourceHasNoCitations()
    {
        var analysis = await Analyse(Texts.Page("ar-no-known-source.txt"));

        Assert.Empty(analysis.GetProperty("citations").EnumerateArray());
        Assert.Equal("ارتفاع أسعار الخبز في دمشق", analysis.GetProperty("title").GetString());
        Assert.Equal("Baladi News", analysis.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("لينا يوسف", analysis.GetProperty("author").GetString());
    }

    [Fact]
    public async Task APageWithoutBylineHasNoAuthorAndTakesItsPublisherFromTheTitle()
    {
        var analysis = await Analyse(Texts.Page("ar-no-byline.txt"));

        Assert.Equal(JsonValueKind.Null, analysis.GetProperty("author").ValueKind);
        Assert.Equal("دمشق تعلن فتح معبر جديد مع الأردن", analysis.GetProperty("title").GetString());
        Assert.Equal("بلدي نيوز", analysis.GetProperty("publisherName").GetString());
        Assert.Equal("Baladi News", analysis.GetProperty("publisher").GetProperty("name").GetString());
        Assert.StartsWith("أعلنت وزارة النقل", analysis.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Tasnim News Agency"], Cited(analysis).Keys);
    }

    [Fact]
    public async Task APageInMixedScriptsFindsNamesInEither()
    {
        var analysis = await Analyse(Texts.Page("ar-mixed-scripts.txt"));

        Assert.Equal("ar", analysis.GetProperty("language").GetString());
        Assert.Equal("Ahmad Khalil", analysis.GetProperty("author").GetString());
        var cited = Cited(analysis);
        Assert.Equal(["Bloomberg", "Tasnim News Agency", "ISNA"], cited.Keys);
        Assert.Equal(("Tasnim News Agency", "Tasnim News Agency"), cited["Tasnim News Agency"]);
        Assert.Equal(("ISNA", "ISNA"), cited["ISNA"]);
    }

    [Fact]
    public async Task NamesBrokenByPunctuationOrALineBreakAreNotMatched()
    {
        var analysis = await Analyse(Texts.Page("ar-names-broken-by-punctuation.txt"));

        Assert.Empty(analysis.GetProperty("citations").EnumerateArray());
    }

    [Fact]
    public async Task AnEnglishPageReadsItsBylineAndStopsAtRelatedArticles()
    {
        var analysis = await Analyse(Texts.Page("en-byline-related-list.txt"));

        Assert.Equal("Iran denies rift with Russia over Syria", analysis.GetProperty("title").GetString());
        Assert.Equal("Jane Roe", analysis.GetProperty("author").GetString());
        Assert.Equal("Baladi News", analysis.GetProperty("publisherName").GetString());
        Assert.Equal("Baladi News", analysis.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("en", analysis.GetProperty("language").GetString());
        var body = analysis.GetProperty("body").GetString()!;
        Assert.EndsWith("had visited Moscow.", body, StringComparison.Ordinal);
        var cited = Cited(analysis);
        Assert.Equal(("Iranian Students' News Agency", "Iranian Students' News Agency"), cited["ISNA"]);
        Assert.Equal(("Bloomberg", "Bloomberg"), cited["Bloomberg"]);
        Assert.Equal(("Tasnim", "Tasnim"), cited["Tasnim News Agency"]);
        Assert.Equal(("Iran's deputy foreign minister", "Iran's deputy foreign minister"), cited["Hossein Amir-Abdollahian"]);
        Assert.DoesNotContain("Nahrain Net", cited.Keys);
    }

    [Fact]
    public async Task AnUnknownPublisherIsReportedNotInvented()
    {
        var page = Texts.Page("en-unknown-publisher.txt");

        var analysis = await Analyse(page);

        Assert.True(analysis.GetProperty("unknownPublisher").GetBoolean());
        Assert.Equal("The Daily Planet", analysis.GetProperty("publisherName").GetString());
        Assert.Equal(JsonValueKind.Null, analysis.GetProperty("publisher").ValueKind);
        Assert.Equal("John Smith", analysis.GetProperty("author").GetString());
        var url = Uri.EscapeDataString($"https://example.org/import/{Guid.NewGuid():N}");
        var stored = await (await fixture.Editor.PostText($"/v1/articles/import?url={url}", page)).AssertJson(HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("publisherId").ValueKind);
        Assert.Empty(await fixture.Api.Anonymous().Items("/v1/sources/resolve?name=The%20Daily%20Planet"));
    }

    [Fact]
    public async Task LatinNamesMatchWhateverTheirCaseAndAccents()
    {
        var analysis = await Analyse(Texts.Page("en-case-and-accents.txt"));

        Assert.Equal("ARGENTINA'S TELAM REPORTS GRAIN DEAL WITH IRAN", analysis.GetProperty("title").GetString());
        Assert.Equal("María López", analysis.GetProperty("author").GetString());
        Assert.Equal(JsonValueKind.Null, analysis.GetProperty("publisherName").ValueKind);
        Assert.False(analysis.GetProperty("unknownPublisher").GetBoolean());
        var cited = Cited(analysis);
        Assert.Equal(("TELAM", "Télam"), cited["Télam"]);
        Assert.Equal(("BLOOMBERG", "Bloomberg"), cited["Bloomberg"]);
    }

    [Fact]
    public async Task ASourceRecordedAfterwardsIsCitedByTheNextImport()
    {
        var name = $"Wire{Guid.NewGuid():N}"[..16];
        var page = $"Headline of the story\n\nBy Jane Roe\nAccording to {name}, the talks resume on Monday.";
        Assert.Empty(Cited(await Analyse(page)));

        var source = await Seed.Source(fixture.Editor, name);

        var citation = (await Analyse(page)).GetProperty("citations")[0];
        Assert.Equal(source.Id(), citation.GetProperty("sourceId").GetInt64());
    }

    /// <summary>
    /// Pages the import refuses: a dry run must refuse them with the very same problem (item 16 of issue 14),
    /// not answer 200 for a page it could never store.
    /// </summary>
    [Theory]
    [InlineData("utf-16le without BOM", "")]
    [InlineData("utf-16be without BOM", "")]
    [InlineData("a control character in the body", "body")]
    [InlineData("NUL in the title", "title")]
    [InlineData("a bidi override in the title", "title")]
    [InlineData("a bidi override in the body", "body")]
    [InlineData("a body over 500,000 characters", "body")]
    [InlineData("a title over 1,000 characters", "title")]
    public async Task ADryRunRefusesWhatTheImportRefusesWithTheSameProblem(string page, string field)
    {
        var bytes = RefusedPage(page);
        var url = Uri.EscapeDataString($"https://example.org/import/{Guid.NewGuid():N}");

        var stored = await (await PostBytes($"/v1/articles/import?url={url}", bytes)).AssertProblem(HttpStatusCode.BadRequest);
        var dryRun = await (await PostBytes(DryRun, bytes)).AssertProblem(HttpStatusCode.BadRequest);
        var dryRunWithUrl = await (await PostBytes($"{DryRun}&url={url}", bytes)).AssertProblem(HttpStatusCode.BadRequest);

        var errors = stored.GetProperty("errors").GetRawText();
        Assert.Equal(errors, dryRun.GetProperty("errors").GetRawText());
        Assert.Equal(errors, dryRunWithUrl.GetProperty("errors").GetRawText());
        if (field.Length > 0)
        {
            Assert.Contains(field, stored.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }
        Assert.Empty(await fixture.Api.Anonymous().Items("/v1/articles?q=Zqxwv"));
    }

    [Fact]
    public async Task ADryRunForARecordedUrlIsTheSameConflict()
    {
        var url = Uri.EscapeDataString($"https://example.org/import/{Guid.NewGuid():N}");
        var page = Texts.Page("ar-no-known-source.txt");
        (await fixture.Editor.PostText($"/v1/articles/import?url={url}", page)).EnsureSuccessStatusCode();

        await (await fixture.Editor.PostText($"{DryRun}&url={url}/", page)).AssertProblem(HttpStatusCode.Conflict);
        await (await fixture.Editor.PostText($"{DryRun}&url={url}-other", page)).AssertJson(HttpStatusCode.OK);
    }

    private static byte[] RefusedPage(string page)
    {
        const string plain = "Zqxwv headline of the story\n\nBy Jane Roe\nZqxwv: the talks resume on Monday, Bloomberg said.";
        return page switch
        {
            "utf-16le without BOM" => Encoding.Unicode.GetBytes(plain),
            "utf-16be without BOM" => Encoding.BigEndianUnicode.GetBytes(plain),
            "a control character in the body" => Encoding.UTF8.GetBytes(plain.Replace("Monday", "Mon\u0007day", StringComparison.Ordinal)),
            "NUL in the title" => Encoding.UTF8.GetBytes(plain.Replace("headline", "head\0line", StringComparison.Ordinal)),
            "a bidi override in the title" => Encoding.UTF8.GetBytes(plain.Replace("headline", "\u202Eenildaeh", StringComparison.Ordinal)),
            "a bidi override in the body" => Encoding.UTF8.GetBytes(plain + " \u202Egnp.exe"),
            "a body over 500,000 characters" => Encoding.UTF8.GetBytes(plain + string.Concat(Enumerable.Repeat(" Zqxwv", 90_000))),
            "a title over 1,000 characters" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Zqxwv ", 200)) + plain),
            _ => throw new ArgumentOutOfRangeException(nameof(page)),
        };
    }

    private Task<HttpResponseMessage> PostBytes(string url, byte[] page)
    {
        var content = new ByteArrayContent(page);
        content.Headers.ContentType = new("text/plain");
        return fixture.Editor.PostAsync(url, content);
    }

    private async Task<JsonElement> Analyse(string page) =>
        await (await fixture.Editor.PostText(DryRun, page)).AssertJson(HttpStatusCode.OK);

    /// <summary>Source name → (the body's text at the citation's span, the alias that matched), in body order.</summary>
    private static Dictionary<string, (string Text, string Alias)> Cited(JsonElement analysis)
    {
        var body = analysis.GetProperty("body").GetString()!;
        var cited = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var c in analysis.GetProperty("citations").EnumerateArray())
        {
            var text = body[c.GetProperty("start").GetInt32()..c.GetProperty("end").GetInt32()];
            cited.Add(c.GetProperty("sourceName").GetString()!, (text, c.GetProperty("matchedAlias").GetString()!));
        }
        return cited;
    }
}
