using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.ClaimReviews;

public sealed class ClaimReviewImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Import = "/v1/imports/claimreview";

    [Fact]
    public async Task SingleClaimReviewCreatesSourcesArticlesClaimAndVerdict()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var review = Review($"https://misbar.com/factcheck/{tag}", Baladi.Denial, "مضلل", speaker: $"حسين أمير عبد اللهيان {tag}", speakerType: "Person");
        review["reviewRating"]!["ratingValue"] = null;
        review["author"]!["name"] = $"مسبار {tag}";
        review["itemReviewed"]!["appearance"] = new JsonArray(
            Work($"https://www.baladi-news.com/ar/news/{tag}", Baladi.Title, "2015-11-03T09:00:00Z", $"بلدي نيوز {tag}"),
            Work($"https://www.isna.ir/news/{tag}", "ISNA report", "2015-11-02T18:00:00Z", $"ISNA {tag}"));

        var answer = await (await Post(editor, review)).AssertJson(HttpStatusCode.OK);

        Assert.Equal(1, answer.GetProperty("created").GetInt32());
        Assert.Equal(0, answer.GetProperty("unchanged").GetInt32());
        var item = Assert.Single(answer.GetProperty("items").EnumerateArray());
        Assert.Equal("created", item.GetProperty("status").GetString());
        Assert.Equal("mostly-false", item.GetProperty("rating").GetString());
        var articles = item.GetProperty("articleIds").EnumerateArray().Select(a => a.GetInt64()).ToArray();
        Assert.Equal(2, articles.Length);

        var claim = await (await editor.GetAsync($"/v1/claims/{item.GetProperty("claimId").GetInt64()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(Baladi.Denial, claim.GetProperty("text").GetString());
        Assert.Equal("ar", claim.GetProperty("language").GetString());
        Assert.Equal("mostly-false", claim.GetProperty("status").GetString());
        Assert.Equal(item.GetProperty("speakerId").GetInt64(), claim.GetProperty("speakerId").GetInt64());
        Assert.StartsWith("2015-11-02", claim.GetProperty("claimedAt").GetString(), StringComparison.Ordinal);
        // Without a firstAppearance the earliest appearance (ISNA, listed second) is the claim's article.
        Assert.Equal(articles[0], claim.GetProperty("articleId").GetInt64());

        var isna = await (await editor.GetAsync($"/v1/articles/{articles[0]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal($"https://www.isna.ir/news/{tag}", isna.GetProperty("url").GetString());
        Assert.Equal("ISNA report", isna.GetProperty("title").GetString());
        Assert.Equal($"ISNA {tag}", isna.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal(item.GetProperty("speakerId").GetInt64(), Assert.Single(isna.GetProperty("citations").EnumerateArray()).GetProperty("sourceId").GetInt64());

        var speaker = await (await editor.GetAsync($"/v1/sources/{item.GetProperty("speakerId").GetInt64()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("person", speaker.GetProperty("kind").GetString());
        var reviewer = await (await editor.GetAsync($"/v1/sources/{item.GetProperty("reviewerId").GetInt64()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal($"مسبار {tag}", reviewer.GetProperty("name").GetString());
        Assert.Equal("organization", reviewer.GetProperty("kind").GetString());

        var verdict = await (await editor.GetAsync(
            $"/v1/claims/{item.GetProperty("claimId").GetInt64()}/verdicts/{item.GetProperty("verdictId").GetInt64()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("مضلل", verdict.GetProperty("originalLabel").GetString());
        Assert.Equal($"مسبار {tag}", verdict.GetProperty("reviewer").GetString());
        Assert.Equal($"https://misbar.com/factcheck/{tag}", verdict.GetProperty("url").GetString());
        Assert.Equal(new DateTimeOffset(2015, 11, 5, 0, 0, 0, TimeSpan.Zero), verdict.GetProperty("reviewedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task UnknownJsonLdPropertiesAreIgnored()
    {
        var editor = await api.Editor();
        var review = Review($"https://example.org/check/{Guid.NewGuid():N}", "A claim carrying JSON-LD extras", "False");
        review["@context"] = new JsonObject { ["@vocab"] = "https://schema.org/" };
        review["@id"] = "https://example.org/check#review";
        review["sameAs"] = new JsonArray("https://example.org/other");
        review["image"] = new JsonObject { ["@type"] = "ImageObject", ["url"] = "https://example.org/i.png", ["width"] = 600 };
        review["author"]!["logo"] = "https://example.org/logo.png";
        review["reviewRating"]!["image"] = "https://example.org/false.png";
        review["itemReviewed"]!["name"] = "Twitter";
        review["itemReviewed"]!["author"]!["sameAs"] = new JsonArray("https://twitter.com/someone");

        var answer = await (await Post(editor, review)).AssertJson(HttpStatusCode.OK);

        Assert.Equal("created", Assert.Single(answer.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ArrayImportsEveryReviewMatchingSourcesByAliasAndSharingTheClaim()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var misbar = (await Seed.Source(editor, $"Misbar {tag}", "outlet", new[] { new { text = $"مسبار {tag}", language = "ar" } })).Id();
        var speaker = $"وكالة تسنيم {tag}";
        var body = new JsonArray(
            Review($"https://misbar.com/{tag}/1", Baladi.SoleimaniVisit, "غير مؤكد", reviewer: $"مسبار {tag}", speaker: speaker),
            Review($"https://fatabyyano.net/{tag}/1", Baladi.SoleimaniVisit, "صحيح", reviewer: $"Fatabyyano {tag}", speaker: speaker));

        var items = (await (await Post(editor, body)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();

        Assert.Equal(2, items.Length);
        Assert.Equal(misbar, items[0].GetProperty("reviewerId").GetInt64());
        Assert.NotEqual(misbar, items[1].GetProperty("reviewerId").GetInt64());
        Assert.Equal(items[0].GetProperty("speakerId").GetInt64(), items[1].GetProperty("speakerId").GetInt64());
        // Two fact-checkers rating the same statement of the same speaker rate one claim.
        Assert.Equal(items[0].GetProperty("claimId").GetInt64(), items[1].GetProperty("claimId").GetInt64());
        var verdicts = await (await editor.GetAsync($"/v1/claims/{items[0].GetProperty("claimId").GetInt64()}/verdicts")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, verdicts.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task DataFeedWithBareReviewsAndDataFeedItemsImportsThemAll()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var feed = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "DataFeed",
            ["dateModified"] = "2015-11-06T00:00:00Z",
            ["dataFeedElement"] = new JsonArray(
                Review($"https://example.org/{tag}/bare", $"Bare feed review {tag}", "True"),
                new JsonObject
                {
                    ["@type"] = "DataFeedItem",
                    ["dateCreated"] = "2015-11-06T00:00:00Z",
                    ["item"] = new JsonArray(
                        Review($"https://example.org/{tag}/wrapped-1", $"Wrapped review one {tag}", "Mostly true"),
                        Review($"https://example.org/{tag}/wrapped-2", $"Wrapped review two {tag}", "Half true")),
                },
                new JsonObject
                {
                    ["@type"] = "DataFeedItem",
                    ["item"] = Review($"https://example.org/{tag}/wrapped-single", $"Wrapped single review {tag}", "Mostly false"),
                }),
        };

        var items = (await (await Post(editor, feed)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();

        Assert.Equal(["true", "mostly-true", "mixed", "mostly-false"], items.Select(i => i.GetProperty("rating").GetString()));
        Assert.Equal(
            [$"https://example.org/{tag}/bare", $"https://example.org/{tag}/wrapped-1", $"https://example.org/{tag}/wrapped-2", $"https://example.org/{tag}/wrapped-single"],
            items.Select(i => i.GetProperty("url").GetString()));
        Assert.All(items, i => Assert.Equal("created", i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task EnglishAndArabicLabelsMapOntoRatingsAndAreKeptAsOriginalLabel()
    {
        (string Label, string Rating)[] labels =
        [
            ("True", "true"), ("صحيح", "true"), ("صَحِيح", "true"),
            ("Mostly true", "mostly-true"), ("صحيح في معظمه", "mostly-true"), ("صحيح جزئياً", "mostly-true"), ("صحيح جزئيا", "mostly-true"),
            ("Mixed", "mixed"), ("Half true", "mixed"), ("half-true", "mixed"), ("مختلط", "mixed"), ("نصف صحيح", "mixed"),
            ("Misleading", "mostly-false"), ("مضلل", "mostly-false"), ("Mostly False", "mostly-false"),
            ("FALSE", "false"), ("زائف", "false"), ("كاذب", "false"), ("خاطئ", "false"), ("غير صحيح", "false"),
            ("Unproven", "unverifiable"), ("Unverifiable", "unverifiable"), ("غير مؤكد", "unverifiable"), ("لا يمكن التحقق", "unverifiable"),
        ];
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var body = new JsonArray([.. labels.Select((l, i) => (JsonNode)Review($"https://example.org/{tag}/label/{i}", $"{Baladi.Dunford} {i}", l.Label, speaker: $"جوزيف دانفورد {tag}"))]);

        var items = (await (await Post(editor, body)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();

        Assert.Equal(labels.Select(l => l.Rating), items.Select(i => i.GetProperty("rating").GetString()));
        var misleading = items[Array.FindIndex(labels, l => l.Label == "مضلل")];
        var verdict = await (await editor.GetAsync(
            $"/v1/claims/{misleading.GetProperty("claimId").GetInt64()}/verdicts/{misleading.GetProperty("verdictId").GetInt64()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("مضلل", verdict.GetProperty("originalLabel").GetString());
    }

    [Fact]
    public async Task NumericRatingsMapByTheirPositionOnTheReviewersScale()
    {
        // (value, worst, best, rating): the nearest of 0, ¼, ½, ¾, 1 on the scale; halfway goes to the less extreme.
        (JsonNode Value, double Worst, double Best, string Rating)[] cases =
        [
            (1, 1, 5, "false"), (2, 1, 5, "mostly-false"), (3, 1, 5, "mixed"), (4, 1, 5, "mostly-true"), (5, 1, 5, "true"),
            ("4", 1, 5, "mostly-true"), (" 2.0 ", 1, 5, "mostly-false"),
            (0, 0, 10, "false"), (1, 0, 10, "false"), (2, 0, 10, "mostly-false"), (3, 0, 10, "mostly-false"),
            (4, 0, 10, "mixed"), (5, 0, 10, "mixed"), (6, 0, 10, "mixed"), (7, 0, 10, "mostly-true"), ("7.5", 0, 10, "mostly-true"),
            (8, 0, 10, "mostly-true"), (9, 0, 10, "true"), (10, 0, 10, "true"),
            (1, 0, 8, "mostly-false"), (3, 0, 8, "mixed"), (5, 0, 8, "mixed"), (7, 0, 8, "mostly-true"),
        ];
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var body = new JsonArray([.. cases.Select((c, i) =>
        {
            var review = Review($"https://example.org/{tag}/scale/{i}", $"Scaled claim {i} {tag}", label: null);
            review["reviewRating"] = new JsonObject
            {
                ["@type"] = "Rating",
                ["ratingValue"] = c.Value.DeepClone(),
                ["worstRating"] = c.Worst,
                ["bestRating"] = c.Best,
            };
            return (JsonNode)review;
        })]);

        var items = (await (await Post(editor, body)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();

        Assert.Equal(cases.Select(c => c.Rating), items.Select(i => i.GetProperty("rating").GetString()));
    }

    [Fact]
    public async Task ImportingTheSameReviewAgainChangesNothing()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var review = Review($"https://misbar.com/again/{tag}", Baladi.BloombergReport, "مضلل", reviewer: $"مسبار {tag}", speaker: $"بلومبرج {tag}");
        var first = Assert.Single((await (await Post(editor, review)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        var auditBefore = await AuditCount(first.GetProperty("verdictId").GetInt64());

        var again = await (await Post(editor, review)).AssertJson(HttpStatusCode.OK);

        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(1, again.GetProperty("unchanged").GetInt32());
        var second = Assert.Single(again.GetProperty("items").EnumerateArray());
        Assert.Equal("unchanged", second.GetProperty("status").GetString());
        foreach (var id in new[] { "claimId", "verdictId", "reviewerId", "speakerId" })
        {
            Assert.Equal(first.GetProperty(id).GetInt64(), second.GetProperty(id).GetInt64());
        }
        Assert.Equal("mostly-false", second.GetProperty("rating").GetString());
        var verdicts = await (await editor.GetAsync($"/v1/claims/{first.GetProperty("claimId").GetInt64()}/verdicts")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(1, verdicts.GetProperty("items").GetArrayLength());
        var sources = await (await editor.GetAsync($"/v1/sources?q={Uri.EscapeDataString(tag)}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, sources.GetProperty("items").GetArrayLength());
        Assert.Equal(auditBefore, await AuditCount(first.GetProperty("verdictId").GetInt64()));
    }

    [Fact]
    public async Task ArrayWithOneInvalidReviewWritesNothing()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var valid = Review($"https://example.org/{tag}/valid", $"Valid claim {tag}", "True", reviewer: $"Desk {tag}", speaker: $"Speaker {tag}");
        var invalid = Review($"https://example.org/{tag}/invalid", $"Invalid claim {tag}", "True");
        invalid.Remove("claimReviewed");

        var response = await Post(editor, new JsonArray(valid.DeepClone(), invalid));

        await response.AssertValidationProblem("[1].claimReviewed");
        var sources = await (await editor.GetAsync($"/v1/sources?q={Uri.EscapeDataString(tag)}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(0, sources.GetProperty("items").GetArrayLength());
        var alone = Assert.Single((await (await Post(editor, valid)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal("created", alone.GetProperty("status").GetString());
    }

    public static TheoryData<string, string[]> InvalidDocuments { get; } = new()
    {
        { "no-rating", ["reviewRating.ratingValue"] },
        { "rating-off-scale", ["reviewRating.ratingValue"] },
        { "rating-not-a-number", ["reviewRating.ratingValue"] },
        { "scale-upside-down", ["reviewRating.bestRating"] },
        { "scale-too-wide", ["reviewRating.bestRating"] },
        { "unknown-label", ["reviewRating.alternateName"] },
        { "bidi-claim", ["claimReviewed"] },
        { "control-claim", ["claimReviewed"] },
        { "long-claim", ["claimReviewed"] },
        { "script-url", ["url"] },
        { "wrong-type", ["@type"] },
        { "author-a-string", ["author"] },
        { "no-speaker", ["itemReviewed.author"] },
        { "bad-appearance-url", ["itemReviewed.appearance[0].url"] },
        { "bad-date", ["datePublished"] },
        { "many-faults", ["[0].url", "[1].claimReviewed", "[1].reviewRating"] },
        { "feed-fault", ["dataFeedElement[0].item[1].claimReviewed"] },
        { "malformed", ["body"] },
        { "repeated-property", ["body"] },
        { "empty-array", ["body"] },
        { "a-number", ["body"] },
        { "half-surrogate-in-value", ["body"] },
        { "half-surrogate-in-name", ["body"] },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task InvalidDocumentsGetProblemsNamingTheFaultyFields(string fault, string[] keys)
    {
        var review = Review($"https://example.org/invalid/{Guid.NewGuid():N}", "An invalid review's claim", "False");
        string body;
        switch (fault)
        {
            case "malformed":
                body = "{\"@type\": \"ClaimReview\",";
                break;
            case "repeated-property":
                body = review.ToJsonString().Replace("\"@type\":\"ClaimReview\"", "\"@type\":\"ClaimReview\",\"@type\":\"ClaimReview\"", StringComparison.Ordinal);
                break;
            case "empty-array":
                body = "[]";
                break;
            case "a-number":
                body = "42";
                break;
            case "half-surrogate-in-value":
                // Valid UTF-8 and valid JSON tokens, but no string: half a surrogate pair.
                review["claimReviewed"] = "HALF";
                body = review.ToJsonString().Replace("\"HALF\"", "\"\\ud800\"", StringComparison.Ordinal);
                break;
            case "half-surrogate-in-name":
                body = review.ToJsonString().Replace("\"@type\":", "\"\\udc00\":\"x\",\"@type\":", StringComparison.Ordinal);
                break;
            case "many-faults":
                var second = Review($"https://example.org/invalid/{Guid.NewGuid():N}", "x", "False");
                second.Remove("claimReviewed");
                second.Remove("reviewRating");
                review["url"] = "not a url";
                body = new JsonArray(review, second).ToJsonString();
                break;
            case "feed-fault":
                var broken = Review($"https://example.org/invalid/{Guid.NewGuid():N}", "x", "False");
                broken["claimReviewed"] = 17;
                body = new JsonObject
                {
                    ["@type"] = "DataFeed",
                    ["dataFeedElement"] = new JsonArray(new JsonObject { ["@type"] = "DataFeedItem", ["item"] = new JsonArray(review, broken) }),
                }.ToJsonString();
                break;
            default:
                Break(review, fault);
                body = review.ToJsonString();
                break;
        }

        var response = await (await api.Editor()).SendAsync(new HttpRequestMessage(HttpMethod.Post, Import)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/ld+json"),
        });

        await response.AssertValidationProblem(keys);
    }

    [Fact]
    public async Task AnAppearanceWithoutAHeadlineIsTitledByItsUrlWithinTheTitleLimit()
    {
        var editor = await api.Editor();
        var url = $"https://example.org/long/{Guid.NewGuid():N}/" + new string('a', 1_500);
        var review = Review($"https://example.org/reviews/{Guid.NewGuid():N}", "A claim seen on a page with a long address", "False");
        review["itemReviewed"]!["appearance"] = new JsonArray(Work(url, null, null, null));

        var item = Assert.Single((await (await Post(editor, review)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        var articleId = Assert.Single(item.GetProperty("articleIds").EnumerateArray()).GetInt64();
        var article = await (await editor.GetAsync($"/v1/articles/{articleId}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(url, article.GetProperty("url").GetString());
        Assert.Equal(url[..1_000], article.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ImportNeedsAnEditorKey()
    {
        var review = Review($"https://example.org/roles/{Guid.NewGuid():N}", "Role check claim", "False");

        await (await Post(await api.WithRole("reader"), review)).AssertProblem(HttpStatusCode.Forbidden);
        await (await Post(api.Anonymous(), review)).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BodyThatIsNotJsonIsRefusedAsUnsupported()
    {
        var review = Review($"https://example.org/media/{Guid.NewGuid():N}", "Media type claim", "False");
        var response = await (await api.Editor()).SendAsync(new HttpRequestMessage(HttpMethod.Post, Import)
        {
            Content = new StringContent(review.ToJsonString(), Encoding.UTF8, "text/plain"),
        });

        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task BodyOverTheLimitWithoutALengthIsRefusedAsTooLarge()
    {
        using var small = new ApiFactory().With("Limits:MaxRequestBodyBytes", "2000");
        var review = Review($"https://example.org/large/{Guid.NewGuid():N}", new string('x', 5_000), "False");
        // A stream of unknown length goes chunked: only the handler's own count can stop it.
        using var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(review.ToJsonString())));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await (await small.Editor()).PostAsync(Import, content);

        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        var claims = await (await small.Anonymous().GetAsync("/v1/claims")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(0, claims.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ExportImportExportGivesTheSameDocument()
    {
        using var origin = new ApiFactory();
        using var copy = new ApiFactory();
        var editor = await origin.Editor();
        var dunford = (await Seed.Source(editor, "Joseph Dunford", "person")).Id();
        var bloomberg = (await Seed.Source(editor, "Bloomberg", "outlet")).Id();
        var tasnim = (await Seed.Source(editor, "وكالة تسنيم", "outlet")).Id();
        var article = (await (await editor.PostJson("/v1/articles", new
        {
            url = "https://www.bloomberg.com/news/articles/2015-11-03/iran-pulls-back",
            title = "Iran Pulls Back Troops From Syria",
            language = "en",
            publishedAt = "2015-11-03T08:00:00Z",
            publisherId = bloomberg,
        })).AssertJson(HttpStatusCode.Created)).Id();
        var troops = (await (await editor.PostJson("/v1/claims", new
        {
            text = "Only 2,000 Iranian troops remain in Syria",
            speakerId = dunford,
            articleId = article,
            claimedAt = "2015-11-02T00:00:00Z",
        })).AssertJson(HttpStatusCode.Created)).Id();
        (await editor.PostJson($"/v1/claims/{troops}/verdicts", new
        {
            rating = "mostly-false",
            reviewer = "Misbar",
            url = "https://misbar.com/factcheck/2015/11/05/iran-troops",
            reviewedAt = "2015-11-05T10:00:00Z",
            originalLabel = "مضلل",
        })).EnsureSuccessStatusCode();
        var visit = (await Seed.Claim(editor, tasnim, Baladi.SoleimaniVisit)).Id();
        (await editor.PostJson($"/v1/claims/{visit}/verdicts", new { rating = "mixed", reviewer = "فتبينوا", reviewedAt = "2015-11-06T00:00:00Z" })).EnsureSuccessStatusCode();
        var rift = (await Seed.Claim(editor, tasnim, Baladi.Denial)).Id();
        (await editor.PostJson($"/v1/claims/{rift}/verdicts", new { rating = "unverifiable", reviewer = "Desk" })).EnsureSuccessStatusCode();
        var exported = await (await editor.GetAsync("/v1/exports/claimreview")).Content.ReadAsStringAsync();

        var imported = await (await (await copy.Editor()).SendAsync(new HttpRequestMessage(HttpMethod.Post, Import)
        {
            Content = new StringContent(exported, Encoding.UTF8, "application/ld+json"),
        })).AssertJson(HttpStatusCode.OK);
        var reexported = await (await copy.Anonymous().GetAsync("/v1/exports/claimreview")).Content.ReadAsStringAsync();

        Assert.Equal(3, imported.GetProperty("created").GetInt32());
        Assert.Equal(exported, reexported);
        var feed = JsonNode.Parse(exported)!["dataFeedElement"]!.AsArray();
        Assert.Equal(3, feed.Count);
        Assert.Equal("Iran Pulls Back Troops From Syria", feed[0]!["itemReviewed"]!["appearance"]![0]!["headline"]!.GetValue<string>());
        Assert.Equal("Bloomberg", feed[0]!["itemReviewed"]!["firstAppearance"]!["publisher"]!["name"]!.GetValue<string>());
        Assert.EndsWith($"/v1/claims/{visit}/verdicts/2", feed[1]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static void Break(JsonObject review, string fault)
    {
        var rating = review["reviewRating"]!.AsObject();
        switch (fault)
        {
            case "no-rating":
                rating.Remove("alternateName");
                break;
            case "rating-off-scale":
                rating["ratingValue"] = 7;
                break;
            case "rating-not-a-number":
                rating["ratingValue"] = "four";
                break;
            case "scale-upside-down":
                rating["ratingValue"] = 3;
                rating["bestRating"] = 1;
                rating["worstRating"] = 5;
                break;
            case "scale-too-wide":
                // Both ends finite, their difference not: the position on the scale cannot be found.
                rating["ratingValue"] = 0;
                rating["bestRating"] = 1e308;
                rating["worstRating"] = -1e308;
                break;
            case "unknown-label":
                rating["alternateName"] = "Somewhat spicy";
                break;
            case "bidi-claim":
                review["claimReviewed"] = "\u202Eevil claim";
                break;
            case "control-claim":
                review["claimReviewed"] = "a claim\u0001";
                break;
            case "long-claim":
                review["claimReviewed"] = new string('x', 20_001);
                break;
            case "script-url":
                review["url"] = "javascript:alert(1)";
                break;
            case "wrong-type":
                review["@type"] = "Review";
                break;
            case "author-a-string":
                review["author"] = "Misbar";
                break;
            case "no-speaker":
                review["itemReviewed"]!.AsObject().Remove("author");
                break;
            case "bad-appearance-url":
                review["itemReviewed"]!["appearance"] = new JsonArray(Work("file:///etc/passwd", "x", null, null));
                break;
            case "bad-date":
                review["datePublished"] = "last Tuesday";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "not a known fault");
        }
    }

    private static JsonObject Review(string url, string claim, string? label, string reviewer = "Misbar", string speaker = "Unnamed speaker", string speakerType = "Organization")
    {
        var rating = new JsonObject { ["@type"] = "Rating", ["ratingValue"] = null };
        if (label is not null)
        {
            rating["alternateName"] = label;
        }
        return new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ClaimReview",
            ["url"] = url,
            ["claimReviewed"] = claim,
            ["datePublished"] = "2015-11-05",
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = reviewer },
            ["reviewRating"] = rating,
            ["itemReviewed"] = new JsonObject
            {
                ["@type"] = "Claim",
                ["author"] = new JsonObject { ["@type"] = speakerType, ["name"] = speaker },
                ["datePublished"] = "2015-11-02",
            },
        };
    }

    private static JsonObject Work(string url, string? headline, string? published, string? publisher)
    {
        var work = new JsonObject { ["@type"] = "NewsArticle", ["url"] = url, ["headline"] = headline, ["datePublished"] = published };
        if (publisher is not null)
        {
            work["publisher"] = new JsonObject { ["@type"] = "NewsMediaOrganization", ["name"] = publisher };
        }
        return work;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, JsonNode body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, Import)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        });

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private async Task<int> AuditCount(long verdictId)
    {
        var audit = await (await api.Admin().GetAsync($"/v1/audit?entity=verdict&id={verdictId}")).AssertJson(HttpStatusCode.OK);
        return audit.GetProperty("items").GetArrayLength();
    }
}
