using CredibilityApi.Http;
using CredibilityApi.Imports;
using CredibilityApi.Population;
using CredibilityApi.Synthetic;

namespace CredibilityApi;

/// <summary>
/// The binary's other verbs: <c>probe</c> (the container health check), <c>generate</c> (the
/// synthetic corpus), <c>population</c> (the truth-discovery benchmark), <c>import-bench</c>.
/// </summary>
public static class Commands
{
    /// <summary>Runs the verb <paramref name="args"/> names and returns its exit code; null when they name none (run the service).</summary>
    public static async Task<int?> RunAsync(string[] args) =>
        args switch
        {
            _ when HealthProbe.IsRequested(args) => await HealthProbe.RunAsync(args),
            _ when GenerateCommand.IsRequested(args) => await GenerateCommand.RunAsync(args),
            _ when PopulationCommand.IsRequested(args) => await PopulationCommand.RunAsync(args),
            _ when ImportBenchCommand.IsRequested(args) => await ImportBenchCommand.RunAsync(args),
            _ => null,
        };
}
