using System.Runtime;
using CredibilityApi.Reads;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Hosting;

/// <summary>The <c>Memory</c> configuration section, checked at start-up.</summary>
public sealed class MemoryOptions
{
    public const string Section = "Memory";

    /// <summary>
    /// Compact the heap once the read model is loaded and once more when it is warm, so a large
    /// load gives its buffers back before the scores and beliefs take theirs (off by default; the
    /// benchmark scripts turn it on to measure peak memory at a million claims).
    /// </summary>
    public bool CompactAtStartup { get; set; }
}

/// <summary>
/// Memory tuning for measuring, kept out of the domain code: with <see cref="MemoryOptions.CompactAtStartup"/>,
/// one full compacting collection right after the read model's load and one after start-up's
/// warm-up (the first belief pass). Without it the GC runs as the runtimeconfig sets it.
/// </summary>
public sealed partial class StartupCompaction(ReadModel model, IOptions<MemoryOptions> options, ILogger<StartupCompaction> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.CompactAtStartup)
        {
            return;
        }
        try
        {
            await model.Loaded.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return; // a failed load is start-up's to report
        }
        Compact("loaded");
        while (!model.IsReady)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken);
        }
        Compact("warm");
    }

    private void Compact(string after)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        LogCompacted(after);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Heap compacted once the read model was {After}")]
    private partial void LogCompacted(string after);
}

public static class StartupCompactionSetup
{
    /// <summary>Register before start-up's own work (<c>DatabaseInitializer</c>), so it is waiting when the load ends.</summary>
    public static IServiceCollection AddStartupCompaction(this IServiceCollection services)
    {
        services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.Section).ValidateOnStart();
        services.AddHostedService<StartupCompaction>();
        return services;
    }
}
