using System.Net;
using CredibilityApi.Reads;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Reads;

/// <summary>The service is live at once but ready only once its read model is loaded and warm.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task ReadyzAnswersReadyOnlyOnceTheReadModelIsLoaded()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var api = new ApiFactory().With("ReadModel:StartupWait", "00:00:00");
        // The load waits for the test to let it go: start-up carries on without it.
        using var held = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton(provider =>
        {
            var model = ActivatorUtilities.CreateInstance<ReadModel>(provider);
            model.HoldLoad = () => release.Task;
            return model;
        })));
        var client = held.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var early = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Equal("Unhealthy", await early.Content.ReadAsStringAsync());
        // A read that arrives meanwhile waits for the load rather than answering from an empty model.
        var chain = client.GetAsync("/v1/claims/1/chain");
        await Task.Delay(200);
        Assert.False(chain.IsCompleted);

        release.SetResult();
        var until = DateTime.UtcNow.AddSeconds(15);
        while ((await client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < until, "Not ready 15 s after the load was let go");
            await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await chain).StatusCode);
    }

    [PostgresFact]
    [Trait("Store", "postgres")]
    public async Task AReplicaThatLosesItsDatabaseIsNotReadyAndRecoversByItselfWhenItReturns()
    {
        using var api = new ApiFactory();
        var client = api.Anonymous();
        await ReadyzBecomes(client, HttpStatusCode.OK);

        TestStore.SetReachable(api.DatabasePath, reachable: false);
        try
        {
            await ReadyzBecomes(client, HttpStatusCode.ServiceUnavailable);
            // Still alive: a balancer takes it out, nothing restarts it.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            TestStore.SetReachable(api.DatabasePath, reachable: true);
        }

        await ReadyzBecomes(client, HttpStatusCode.OK);
        var created = await Seed.Source(await api.Editor(), "Back after the outage");
        Assert.Equal("Back after the outage", created.GetProperty("name").GetString());
    }

    private static async Task ReadyzBecomes(HttpClient client, HttpStatusCode status)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await client.GetAsync("/readyz")).StatusCode != status)
        {
            Assert.True(DateTime.UtcNow < until, $"/readyz did not answer {(int)status} within 20 s");
            await Task.Delay(100);
        }
    }
}
