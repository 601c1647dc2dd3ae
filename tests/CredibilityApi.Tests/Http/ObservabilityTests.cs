using System.Net;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Tests.Http;

public sealed class ObservabilityTests
{
    [Fact]
    public async Task MetricsExposeRequestCountsAndLatency()
    {
        using var api = new ApiFactory();
        var client = api.Anonymous();
        await (await client.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("http_server_request_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/v1/sources/\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryResponseNamesItsRequestId()
    {
        using var api = new ApiFactory();

        var first = await api.Anonymous().GetAsync("/v1/sources/999999");
        var second = await api.Anonymous().GetAsync("/v1/sources/999999");

        var id = first.Headers.GetValues("X-Request-Id").Single();
        Assert.NotEqual(id, second.Headers.GetValues("X-Request-Id").Single());
        await first.AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Development", ConsoleFormatterNames.Simple)]
    [InlineData("Production", ConsoleFormatterNames.Json)]
    [InlineData("Staging", ConsoleFormatterNames.Json)]
    public async Task ConsoleLogsAreForPeopleInDevelopmentAndJsonLinesElsewhere(string environment, string formatter)
    {
        using var api = new ApiFactory().With("environment", environment);

        await (await api.Anonymous().GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);

        Assert.Equal(environment, api.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        Assert.Equal(formatter, api.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public async Task NothingTheApiDoesNotUseIsRegistered()
    {
        using var api = new ApiFactory();
        await (await api.Anonymous().GetAsync("/healthz")).Content.ReadAsStringAsync();

        // Data Protection (cookies, antiforgery tokens) is never used: an API key is a bearer header.
        Assert.Null(api.Services.GetService<IDataProtectionProvider>());
        Assert.Null(api.Services.GetService<IAntiforgery>());
    }
}
