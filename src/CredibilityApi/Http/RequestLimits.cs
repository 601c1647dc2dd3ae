using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;

namespace CredibilityApi.Http;

/// <summary>
/// Abuse limits: a cap on request bodies (Limits:MaxRequestBodyBytes) and a per-key rate limit
/// (RateLimit:PermitsPerMinute, per API key or, for anonymous callers, per client address).
/// </summary>
public static class RequestLimits
{
    public const long DefaultMaxRequestBodyBytes = 1_048_576;

    // Generous enough that no benchmark or test is throttled unless it asks for a small limit.
    public const int DefaultPermitsPerMinute = 100_000;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var maxBody = MaxRequestBodyBytes(builder.Configuration);
        // Kestrel enforces the cap on bodies of unknown length (chunked); the middleware below
        // answers a declared Content-Length over the cap before anything reads it, on any server.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.AddServerHeader = false;
        });

        var permits = builder.Configuration.GetValue("RateLimit:PermitsPerMinute", DefaultPermitsPerMinute);
        builder.Services.AddRateLimiter(options =>
        {
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
        var defaultMaxBody = MaxRequestBodyBytes(app.Configuration);
        app.Use(async (http, next) =>
        {
            var maxBody = defaultMaxBody;
            // A route that streams large bodies (the NDJSON import) declares a limit of its own, and may
            // enforce it itself, to answer a body passing it with what it did with the part before.
            var own = http.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>();
            if (own is not null)
            {
                maxBody = own.Bytes;
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

    public static long MaxRequestBodyBytes(IConfiguration configuration) =>
        configuration.GetValue("Limits:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);

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

/// <summary>
/// Endpoint metadata: this route accepts bodies up to <paramref name="Bytes"/> instead of Limits:MaxRequestBodyBytes;
/// when <paramref name="EnforcedByEndpoint"/>, the route counts the bytes and answers a body over the limit itself.
/// </summary>
public sealed record BodySizeLimit(long Bytes, bool EnforcedByEndpoint = false);
