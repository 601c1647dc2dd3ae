using CredibilityApi.Http;

namespace CredibilityApi;

/// <summary>
/// The binary's one other verb, <c>probe</c>: the container's health check (the runtime image has
/// no curl). Development programs (corpus generator, benchmarks) live in tools/CredibilityApi.Tools.
/// </summary>
public static class Commands
{
    /// <summary>Runs the verb <paramref name="args"/> names and returns its exit code; null when they name none (run the service).</summary>
    public static async Task<int?> RunAsync(string[] args) =>
        HealthProbe.IsRequested(args) ? await HealthProbe.RunAsync(args) : null;
}
