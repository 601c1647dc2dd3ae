using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredibilityApi.Reads;

/// <summary>Ready once the read model is loaded and warmed up: the first read after it is as fast as any.</summary>
public sealed class ReadModelHealthCheck(ReadModel model) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            model.IsReady ? HealthCheckResult.Healthy()
            : model.Loaded.IsFaulted ? HealthCheckResult.Unhealthy("The read model failed to load.", model.Loaded.Exception)
            : HealthCheckResult.Unhealthy(model.IsLoaded ? "The read model is warming up." : "The read model is loading."));
}
