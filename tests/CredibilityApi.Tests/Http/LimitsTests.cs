using System.Net;
using System.Text;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Http;

public sealed class LimitsTests
{
    [Fact]
    public async Task PostingABodyOverTheLimitReturnsPayloadTooLargeProblem()
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        var body = $$"""{"name":"Big","kind":"outlet","homepage":"https://example.org/{{new string('a', 1_100_000)}}"}""";

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", body);

        var problem = await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is too large.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheBodyLimitIsConfigurable()
    {
        using var api = new ApiFactory().With("Limits:MaxRequestBodyBytes", "100");
        var editor = await api.Editor();

        var small = await editor.PostJson("/v1/sources", new { name = "Small", kind = "outlet" });
        var large = await editor.PostJson("/v1/sources", new { name = new string('x', 120), kind = "outlet" });

        await small.AssertJson(HttpStatusCode.Created);
        await large.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task TheNdjsonImportTakesItsOwnLimitInsteadOfTheGeneralOne()
    {
        using var api = new ApiFactory()
            .With("Limits:MaxRequestBodyBytes", "100")
            .With("Imports:MaxBodyBytes", "300");
        var editor = await api.Editor();
        static string Line(int n) =>
            $$$"""{"entity":"source","ref":"s{{{n}}}","data":{"name":"Source {{{n}}}, over the general limit","kind":"outlet"}}""" + "\n";

        using var within = new StringContent(Line(1) + Line(2), Encoding.UTF8, "application/x-ndjson");
        using var beyond = new StringContent(Line(3) + Line(4) + Line(5) + Line(6), Encoding.UTF8, "application/x-ndjson");
        var accepted = await editor.PostAsync("/v1/imports/ndjson", within);
        var refused = await editor.PostAsync("/v1/imports/ndjson", beyond);

        var result = await accepted.AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var problem = await refused.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.StartsWith("Import bodies may have at most 300 bytes.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyOverItsRateLimitGetsTooManyRequestsWithRetryAfter()
    {
        using var api = new ApiFactory().With("RateLimit:PermitsPerMinute", "3");
        var reader = await api.WithRole("reader");

        for (var i = 0; i < 3; i++)
        {
            await (await reader.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        }
        var rejected = await reader.GetAsync("/v1/sources");

        await rejected.AssertProblem(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(rejected.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
    }

    [Fact]
    public async Task EachKeyHasItsOwnRateLimitAndProbesAreNotLimited()
    {
        using var api = new ApiFactory().With("RateLimit:PermitsPerMinute", "2");
        var first = await api.WithRole("reader");
        var second = await api.WithRole("reader");

        await (await first.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        await (await first.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        await (await first.GetAsync("/v1/sources")).AssertProblem(HttpStatusCode.TooManyRequests);

        await (await second.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/readyz")).StatusCode);
        }
    }

    [Fact]
    public async Task ZeroPermitsDisablesTheRateLimit()
    {
        using var api = new ApiFactory().With("RateLimit:PermitsPerMinute", "0");
        var reader = await api.WithRole("reader");

        for (var i = 0; i < 20; i++)
        {
            await (await reader.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task ResponsesCarrySecurityHeadersAndNoServerHeader()
    {
        using var api = new ApiFactory();

        var response = await api.Anonymous().GetAsync("/v1/sources");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-Id").Single()));
    }

    [Fact]
    public async Task TheDocsPageMayRunItsScripts()
    {
        using var api = new ApiFactory();

        var response = await api.Anonymous().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAllowedDashboardOriginMayReadAcrossOrigins()
    {
        using var api = new ApiFactory().With("Cors:AllowedOrigins:0", "https://dashboard.example.org");
        var client = api.Anonymous();

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/sources");
        preflight.Headers.Add("Origin", "https://dashboard.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        var allowed = await client.SendAsync(preflight);
        var read = new HttpRequestMessage(HttpMethod.Get, "/v1/sources");
        read.Headers.Add("Origin", "https://dashboard.example.org");
        var response = await client.SendAsync(read);
        var other = new HttpRequestMessage(HttpMethod.Get, "/v1/sources");
        other.Headers.Add("Origin", "https://evil.example.com");
        var refused = await client.SendAsync(other);

        Assert.True(allowed.IsSuccessStatusCode, $"preflight answered {(int)allowed.StatusCode}");
        Assert.Equal("https://dashboard.example.org", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("https://dashboard.example.org", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WithoutConfiguredOriginsThereIsNoCors()
    {
        using var api = new ApiFactory();
        var read = new HttpRequestMessage(HttpMethod.Get, "/v1/sources");
        read.Headers.Add("Origin", "https://dashboard.example.org");

        var response = await api.Anonymous().SendAsync(read);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
