using System.Reflection;
using CredibilityApi.ApiKeys;
using CredibilityApi.Chains;
using CredibilityApi.Credibility;
using CredibilityApi.Data;
using CredibilityApi.Demo;
using CredibilityApi.Reads;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Hosting;

/// <summary>
/// Start-up work on the database: migrations, the operator's admin key, the demo data, then the
/// read model's load and warm-up (the credibility scores and the first belief pass, so the first
/// request after <c>/readyz</c> answers ready is as fast as any). It runs as a hosted service, so the
/// build-time OpenAPI generation (which builds the app but never starts it) does not touch any
/// database. Start-up waits for the load and warm-up up to <c>ReadModel:StartupWait</c> (5 s);
/// a longer one (a large corpus) goes on in the background while the service answers
/// <c>/healthz</c>, <c>/readyz</c> answers 503, and reads wait for the load.
/// </summary>
public sealed partial class DatabaseInitializer(
    Db db,
    ApiKeyStore keys,
    DemoLoader demo,
    ReadModel model,
    CredibilityEngine credibility,
    BeliefEngine beliefs,
    ChainQueries chains,
    ContradictionList contradictions,
    IOptions<AdminKeyOptions> adminKeyOptions,
    IOptions<DemoOptions> demoOptions,
    IOptions<ReadModelOptions> readModelOptions,
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
        // Checked at start-up, before this runs (AdminKeyOptions).
        var adminKey = adminKeyOptions.Value.Secret;

        LogMigrating(db.DataSource);
        Migrator.Migrate(db, logger);

        if (adminKey is not null)
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

        if (demoOptions.Value.Load)
        {
            var loaded = await demo.LoadAsync(cancellationToken);
            LogDemo(loaded);
        }

        // Not tied to start-up's token: a load that outlasts the wait goes on in the background.
        var loading = Task.Run(() => LoadAndWarmAsync(CancellationToken.None), CancellationToken.None);
        var wait = readModelOptions.Value.StartupWait;
        if (await Task.WhenAny(loading, Task.Delay(wait, cancellationToken)) == loading)
        {
            await loading; // a failed load stops start-up, as a failed migration does
        }
        else
        {
            LogStillLoading(wait.TotalSeconds);
            _ = loading.ContinueWith(t => LogLoadFailed(t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task LoadAndWarmAsync(CancellationToken ct)
    {
        await model.LoadAsync(ct);
        await credibility.WarmAsync(ct);
        await beliefs.WarmAsync();
        // One chain, one provenance and the first page of contradictions, answered into nothing:
        // the first request would otherwise pay for the code paths (and the page's rows) nothing
        // else at start-up runs.
        if (model.Index.Read(x => x.Claims().Select(c => c.Claim).FirstOrDefault()) is var claim and > 0)
        {
            if (await chains.GetChainAsync(claim, ChainQuery.DefaultDepth, ct) is { } chain)
            {
                await chain.ExecuteAsync(new DefaultHttpContext());
            }
            await chains.GetProvenanceAsync(claim, ct);
        }
        await (await contradictions.ListAsync(new ContradictionQuery(), ct)).ExecuteAsync(new DefaultHttpContext());
        model.MarkWarm();
        LogReady();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Read model loading after {Seconds} s; /readyz answers 503 until it is done")]
    private partial void LogStillLoading(double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The read model failed to load; /readyz stays 503")]
    private partial void LogLoadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read model loaded and warm: ready")]
    private partial void LogReady();

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data requested; loaded now: {Loaded}")]
    private partial void LogDemo(bool loaded);
}
