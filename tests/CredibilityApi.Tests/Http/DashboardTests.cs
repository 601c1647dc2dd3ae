using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Http;

/// <summary>
/// The dashboard page the build puts in wwwroot (src/Dashboard): served at /, under its own strict
/// policy, without touching the API's policy, its 404 problems or the OpenAPI document.
/// </summary>
public sealed class DashboardTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task TheRootServesTheDashboardUnderAPolicyWithoutInlineCode()
    {
        var response = await api.Anonymous().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task ThePageOnlyLoadsFilesTheServiceHasWithImmutableCaching()
    {
        var client = api.Anonymous();
        var page = await client.GetStringAsync("/");
        var assets = Regex.Matches(page, "(?:src|href)=\"\\./(assets/[^\"]+)\"")
            .Select(m => m.Groups[1].Value)
            .ToList();

        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            var response = await client.GetAsync("/" + asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{asset} answered {(int)response.StatusCode}");
            Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        }
    }

    [Theory]
    [InlineData("/nothing-here")]
    [InlineData("/assets/missing.js")]
    [InlineData("/index.htm")]
    public async Task OtherPathsOutsideTheApiStillAnswerNotFoundProblems(string path)
    {
        var response = await api.Anonymous().GetAsync(path);

        await response.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task WritingToThePageIsNotFound()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/", "{}");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesOnlyTheApi()
    {
        var document = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"))!;

        Assert.All(document["paths"]!.AsObject(), path => Assert.StartsWith("/v1/", path.Key, StringComparison.Ordinal));
    }
}
