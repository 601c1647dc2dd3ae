using System.Net;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Http;

/// <summary>One rule for every request body's Content-Type: its media type, and UTF-8 however the charset is spelled.</summary>
public sealed class MediaTypeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string> Utf8Spellings => new()
    {
        "utf-8", "UTF-8", "Utf-8", "utf8", "UTF8", "\"utf-8\"", "\"UTF8\"", "us-ascii",
    };

    public static TheoryData<string> OtherCharsets => new()
    {
        "foo", "", "\"\"", "\"foo\"", "utf-16", "iso-8859-1", "windows-1256", "utf-8x", "\"utf-8",
    };

    [Theory]
    [MemberData(nameof(Utf8Spellings))]
    public async Task JsonWriteReadsUtf8HoweverTheCharsetIsSpelled(string charset)
    {
        var editor = await api.Editor();

        var response = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/sources", """{"name":"وكالة أنباء فارس","kind":"outlet"}""", $"application/json; charset={charset}");

        var source = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal("وكالة أنباء فارس", source.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("application/json ; charset=UTF-8")]
    [InlineData("APPLICATION/JSON; CHARSET=UTF-8")]
    [InlineData("application/json; Charset=\"utf8\"")]
    public async Task JsonWriteTakesOddCasingAndSpacing(string contentType)
    {
        var editor = await api.Editor();

        var response = await editor.SendWithContentType(HttpMethod.Post, "/v1/sources", """{"name":"IRNA","kind":"outlet"}""", contentType);

        await response.AssertJson(HttpStatusCode.Created);
    }

    [Theory]
    [MemberData(nameof(OtherCharsets))]
    public async Task JsonWriteInAnyOtherCharsetIsUnsupportedMediaType(string charset)
    {
        var editor = await api.Editor();
        var source = await Seed.Source(editor);

        var post = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/sources", """{"name":"Charset","kind":"outlet"}""", $"application/json; charset={charset}");
        var patch = await editor.SendWithContentType(
            HttpMethod.Patch, $"/v1/sources/{source.Id()}", """{"name":"Charset"}""", $"application/json; charset={charset}");
        var claim = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/claims", $$"""{"text":"Charset","speakerId":{{source.Id()}}}""", $"application/json; charset={charset}");

        await post.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        await patch.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        await claim.AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(Utf8Spellings))]
    public async Task TextImportersReadUtf8HoweverTheCharsetIsSpelled(string charset)
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");

        var page = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/articles/import?dryRun=true", $"A headline {tag}\n\nBy Jane Roe\nText that names Bloomberg.", $"text/plain; charset={charset}");
        var ndjson = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/imports/ndjson", $$$"""{"entity":"source","data":{"name":"مصدر {{{tag}}}","kind":"outlet"}}""", $"application/x-ndjson; charset={charset}");
        var review = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/imports/claimreview", Review(tag).ToJsonString(), $"application/ld+json; charset={charset}");

        await page.AssertJson(HttpStatusCode.OK);
        var imported = await ndjson.AssertJson(HttpStatusCode.OK);
        Assert.Equal(1, imported.GetProperty("accepted").GetInt32());
        var reviewed = await review.AssertJson(HttpStatusCode.OK);
        Assert.Equal(1, reviewed.GetProperty("created").GetInt32() + reviewed.GetProperty("unchanged").GetInt32());
        Assert.Single(await api.Anonymous().Items($"/v1/sources?q={Uri.EscapeDataString($"مصدر {tag}")}"));
    }

    [Theory]
    [MemberData(nameof(OtherCharsets))]
    public async Task TextImportersRefuseAnyOtherCharset(string charset)
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");

        var page = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/articles/import?dryRun=true", $"A headline {tag}\n\nText.", $"text/plain; charset={charset}");
        var ndjson = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/imports/ndjson", $$$"""{"entity":"source","data":{"name":"Source {{{tag}}}","kind":"outlet"}}""", $"application/x-ndjson; charset={charset}");
        var review = await editor.SendWithContentType(
            HttpMethod.Post, "/v1/imports/claimreview", Review(tag).ToJsonString(), $"application/json; charset={charset}");

        await page.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        await ndjson.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        await review.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await api.Anonymous().Items($"/v1/sources?q=Source%20{tag}"));
    }

    [Fact]
    public async Task AJsonBodyWithoutAMediaTypeIsUnsupported()
    {
        var editor = await api.Editor();
        var content = new ByteArrayContent("""{"name":"No type","kind":"outlet"}"""u8.ToArray());

        var response = await editor.PostAsync("/v1/sources", content);

        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }

    private static JsonObject Review(string tag) => new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "ClaimReview",
        ["url"] = $"https://example.org/charset/{tag}",
        ["claimReviewed"] = $"ادعاء {tag}",
        ["datePublished"] = "2015-11-05",
        ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = $"مسبار {tag}" },
        ["reviewRating"] = new JsonObject { ["@type"] = "Rating", ["alternateName"] = "False" },
        ["itemReviewed"] = new JsonObject
        {
            ["@type"] = "Claim",
            ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = $"Speaker {tag}" },
            ["datePublished"] = "2015-11-02",
        },
    };
}
