using System.Net;
using CredibilityApi.Tests.Infrastructure;

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
}
