namespace CredibilityApi.Reads;

/// <summary>
/// The read model's housekeeping, off every read path: looks at the feed's head every second (so
/// <see cref="ReadModel.Lag"/> tells how far behind it is) and deletes the entries it has taken
/// in once enough have piled up, through the write gate, which a read must never wait for.
/// </summary>
public sealed partial class ReadModelUpkeep(ReadModel model, ILogger<ReadModelUpkeep> logger) : BackgroundService
{
    /// <summary>Entries taken in before the feed is pruned again.</summary>
    public const int PruneEvery = 10_000;

    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await model.Loaded.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return; // the load failed: start-up reports it
        }
        // What was applied before the load (the previous run's tail) goes first.
        var pruned = 0L;
        var due = model.LoadedAt;
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await model.ReadHeadAsync(stoppingToken);
                if (due > pruned)
                {
                    await model.PruneAsync(due, stoppingToken);
                    pruned = due;
                }
                due = model.Position - pruned >= PruneEvery ? model.Position : pruned;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read model upkeep failed; it tries again in a second")]
    private partial void LogFailed(Exception exception);
}

public static class ReadModelSetup
{
    /// <summary>The read model and its four structures; start-up loads it (<c>DatabaseInitializer</c>).</summary>
    public static IServiceCollection AddReadModel(this IServiceCollection services)
    {
        services.AddSingleton<ClaimGraph>();
        services.AddSingleton<ClaimIndex>();
        services.AddSingleton<SourceNameIndex>();
        services.AddSingleton<RowCache>();
        services.AddSingleton<ReadModel>();
        services.AddOptions<ReadModelOptions>()
            .BindConfiguration(ReadModelOptions.Section)
            .Validate(options => options.StartupWait >= TimeSpan.Zero, "ReadModel:StartupWait must not be negative.")
            .ValidateOnStart();
        return services;
    }
}

/// <summary>The <c>ReadModel</c> configuration section, checked at start-up.</summary>
public sealed class ReadModelOptions
{
    public const string Section = "ReadModel";

    /// <summary>How long start-up waits for the read model's load and warm-up before it answers (a longer load goes on behind /readyz).</summary>
    public TimeSpan StartupWait { get; set; } = TimeSpan.FromSeconds(5);
}
