using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredibilityApi.Reads;

/// <summary>
/// Ready once the read model is loaded and warmed up: the first read after it is as fast as any.
/// Carries the model's position in the feed, the feed's head and the lag between them, for any
/// health-check publisher that reports data.
/// </summary>
public sealed class ReadModelHealthCheck(ReadModel model) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["position"] = model.Position, ["head"] = model.Head, ["lag"] = model.Lag };
        return Task.FromResult(
            model.IsReady ? HealthCheckResult.Healthy(data: data)
            : model.FellBehind ? HealthCheckResult.Unhealthy("The change feed was pruned past this replica: it missed writes; restart it.", data: data)
            : model.Loaded.IsFaulted ? HealthCheckResult.Unhealthy("The read model failed to load.", model.Loaded.Exception, data)
            : HealthCheckResult.Unhealthy(model.IsLoaded ? "The read model is warming up." : "The read model is loading.", data: data));
    }
}
