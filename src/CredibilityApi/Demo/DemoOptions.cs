namespace CredibilityApi.Demo;

/// <summary>The <c>Demo</c> configuration section (<c>--demo</c> sets Load), read at start-up.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Load the worked example into the database (never twice).</summary>
    public bool Load { get; set; }
}

public static class DemoSetup
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateOnStart();
        services.AddSingleton<DemoLoader>();
        return services;
    }
}
