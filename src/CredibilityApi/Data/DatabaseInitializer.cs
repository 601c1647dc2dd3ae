using System.Reflection;
using System.Runtime;
using CredibilityApi.ApiKeys;
using CredibilityApi.Chains;
using CredibilityApi.Demo;

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
    ClaimGraph graph,
    ClaimIndex index,
    IConfiguration configuration,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public const string AdminKeyVariable = "CREDIBILITY_ADMIN_KEY";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The build's OpenAPI generator runs the app inside its own entry point and may start it;
        // the contract is all it wants, so it gets no database.
        if (Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider")
        {
            return;
        }
        LogMigrating(db.DataSource);
        Migrator.Migrate(db, logger);

        if (configuration[AdminKeyVariable] is { Length: > 0 } adminKey)
        {
            await keys.EnsureAdminKeyAsync(adminKey, cancellationToken);
            LogAdminKey(AdminKeyVariable);
        }

        if (configuration.GetValue("Demo:Load", defaultValue: false))
        {
            var loaded = await demo.LoadAsync(cancellationToken);
            LogDemo(loaded);
        }

        await graph.LoadAsync(cancellationToken);
        await index.LoadAsync(cancellationToken);
        // The loads' buffers are garbage now; compact once so the process gives that memory back.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating {DataSource}")]
    private partial void LogMigrating(string dataSource);

    [LoggerMessage(Level = LogLevel.Information, Message = "The admin key from {Variable} is active")]
    private partial void LogAdminKey(string variable);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data requested; loaded now: {Loaded}")]
    private partial void LogDemo(bool loaded);
}
