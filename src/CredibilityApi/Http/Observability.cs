using OpenTelemetry.Metrics;

namespace CredibilityApi.Http;

/// <summary>
/// Console logs for the environment: in Development the ASP.NET Core console format a person
/// reads, elsewhere JSON lines that carry the request's scope (TraceId, RequestId, path) for a log
/// collector. Request rate and latency as OpenTelemetry metrics scraped in Prometheus form at
/// /metrics, which is public while reads are (Auth:PublicReads) and for admins otherwise.
/// </summary>
public static class Observability
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole();
        }
        else
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.UseUtcTimestamp = true;
            });
        }
        // http.server.request.duration (a histogram: its count is the request rate) and active requests.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        // Per-route traffic and the names of the exceptions thrown: not for anonymous callers of a closed service.
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policies.Telemetry);
        return app;
    }
}
