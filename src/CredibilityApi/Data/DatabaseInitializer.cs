using System.Reflection;
using System.Runtime;
using CredibilityApi.ApiKeys;
using CredibilityApi.Demo;
using CredibilityApi.Reads;

namespace CredibilityApi.Data;

/// <summary>
/// Start-up work on the database: migrations, the operator's admin key, the demo data. It runs
/// as a hosted service, so the build-time OpenAPI generation (which builds the app but never
/// starts it) does not touch any database.
/// </summary>
public sealed partial class DatabaseInitializer(
    Db db,
    ApiKeyStore keys,
    DemoLoader demo,
    ReadModel model,
    IConfiguration configuration,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public const string AdminKeyVariable = ApiKeyStore.BootstrapName;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The build's OpenAPI generator runs the app inside its own entry point and may start it;
        // the contract is all it wants, so it gets no database.
        if (Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider")
        {
            return;
        }
        var adminKey = configuration[AdminKeyVariable];
        if (!string.IsNullOrEmpty(adminKey) && ApiKeyStore.AdminSecretProblem(adminKey) is { } problem)
        {
            // Before anything is written: a guessable admin secret must not open the service.
            throw new InvalidOperationException(problem);
        }

        LogMigrating(db.DataSource);
        Migrator.Migrate(db, logger);

        if (!string.IsNullOrEmpty(adminKey))
        {
            switch (await keys.EnsureAdminKeyAsync(adminKey, cancellationToken))
            {
                case BootstrapOutcome.Created:
                    LogAdminKeyCreated(AdminKeyVariable);
                    break;
                case BootstrapOutcome.Active:
                    LogAdminKeyActive(AdminKeyVariable);
                    break;
                default:
                    LogAdminKeyRevoked(AdminKeyVariable);
                    break;
            }
        }

        if (configuration.GetValue("Demo:Load", defaultValue: false))
        {
            var loaded = await demo.LoadAsync(cancellationToken);
            LogDemo(loaded);
        }

        await model.LoadAsync(cancellationToken);
        // The loads' buffers are garbage now; compact once so the process gives that memory back.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating {DataSource}")]
    private partial void LogMigrating(string dataSource);

    [LoggerMessage(Level = LogLevel.Information, Message = "The admin key from {Variable} was created")]
    private partial void LogAdminKeyCreated(string variable);

    [LoggerMessage(Level = LogLevel.Information, Message = "The admin key from {Variable} is active")]
    private partial void LogAdminKeyActive(string variable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin key from {Variable} was revoked through the API and stays revoked; set a new secret to get an admin key")]
    private partial void LogAdminKeyRevoked(string variable);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data requested; loaded now: {Loaded}")]
    private partial void LogDemo(bool loaded);
}
