using OpenTelemetry.Metrics;

namespace CredibilityApi.Http;

/// <summary>
/// JSON log lines that carry the request's scope (TraceId, RequestId, path), and request rate and
/// latency as OpenTelemetry metrics scraped in Prometheus form at /metrics.
/// </summary>
public static class Observability
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.UseUtcTimestamp = true;
        });
        // http.server.request.duration (a histogram: its count is the request rate) and active requests.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
