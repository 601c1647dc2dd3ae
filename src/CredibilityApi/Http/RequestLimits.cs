using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Http;

/// <summary>
/// Abuse limits: a cap on request bodies (Limits:MaxRequestBodyBytes) and a per-key rate limit
/// (RateLimit:PermitsPerMinute, per API key or, for anonymous callers, per client address).
/// </summary>
public static class RequestLimits
{
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.Section)
            .Validate(options => options.MaxRequestBodyBytes > 0, "Limits:MaxRequestBodyBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(options => options.PermitsPerMinute >= 0, "RateLimit:PermitsPerMinute must be zero (no limit) or more.")
            .ValidateOnStart();

        // Kestrel enforces the cap on bodies of unknown length (chunked); the middleware below
        // answers a declared Content-Length over the cap before anything reads it, on any server.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, rateLimit) =>
        {
            var permits = rateLimit.Value.PermitsPerMinute;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                permits <= 0 || IsProbe(http.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>Runs after authentication, so the limiter can partition by the caller's key.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        var defaultMaxBody = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxRequestBodyBytes;
        app.Use(async (http, next) =>
        {
            var maxBody = defaultMaxBody;
            // A route that streams large bodies (the NDJSON import) declares a limit of its own with its body, and may
            // enforce it itself, to answer a body passing it with what it did with the part before.
            var own = http.GetEndpoint()?.Metadata.GetMetadata<TextBodyMetadata>();
            if (own?.MaxBytes is { } ownMax)
            {
                maxBody = ownMax;
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                {
                    feature.MaxRequestBodySize = own.EnforcedByEndpoint ? null : maxBody;
                }
            }
            if (own is not { EnforcedByEndpoint: true } && http.Request.ContentLength > maxBody)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The request body is too large.",
                        Detail = $"Bodies may have at most {maxBody.ToString(CultureInfo.InvariantCulture)} bytes.",
                    },
                });
                return;
            }
            await next(http);
        });
        app.UseRateLimiter();
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    private static string PartitionKey(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } keyId
            ? $"key:{keyId}"
            : $"ip:{http.Connection.RemoteIpAddress}";

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? (int)Math.Ceiling(wait.TotalSeconds)
            : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = "This key (or address) has used its requests for this minute; retry after the time in Retry-After.",
            },
        });
    }
}

/// <summary>The <c>Limits</c> configuration section, checked at start-up.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Larger request bodies get 413; a route may declare its own limit with its body (<see cref="TextBody.AcceptsText"/>).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;
}

/// <summary>The <c>RateLimit</c> configuration section, checked at start-up.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Per API key (anonymous: per client address); 0 turns the limit off. Generous enough that no benchmark or test is throttled unless it asks for a small limit.</summary>
    public int PermitsPerMinute { get; set; } = 100_000;
}
