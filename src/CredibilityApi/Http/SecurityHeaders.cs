using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Http;

/// <summary>
/// Browser-facing hardening: standard security headers on every response, an X-Request-Id that
/// matches the RequestId in the logs, and CORS for the dashboards named in Cors:AllowedOrigins.
/// </summary>
public static class SecurityHeaders
{
    public const string CorsPolicy = "dashboards";

    // The API only answers JSON: nothing in it may load, run or be framed.
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    // The interactive reference at /docs (Scalar) runs its own scripts and styles and fetches the
    // document from this origin; it still may not be framed.
    private const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' https://cdn.jsdelivr.net; " +
        "style-src 'self' 'unsafe-inline' https:; font-src 'self' data: https:; img-src 'self' data: https:; " +
        "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'";

    // The dashboard at / (Dashboard.cs) runs only its own bundled script, stylesheet and fonts and
    // reads the API on this origin: no inline code or styles, nothing from elsewhere.
    private const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.AddOptions<CorsSettings>()
            .BindConfiguration(CorsSettings.Section)
            .PostConfigure<IConfiguration>(CorsSettings.ReadList)
            .Validate(
                settings => settings.AllowedOrigins.All(CorsSettings.IsOrigin),
                "Cors:AllowedOrigins must hold origins such as https://dashboard.example.org (scheme, host and port only), or *.")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
        {
            if (settings.Value.AllowedOrigins.Length > 0)
            {
                cors.AddPolicy(CorsPolicy, policy => policy
                    .WithOrigins(settings.Value.AllowedOrigins)
                    .WithMethods("GET", "HEAD")
                    .WithHeaders("Authorization", "If-None-Match", "Accept")
                    .WithExposedHeaders("ETag", "Retry-After", "X-Request-Id"));
            }
        });
        return services;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = PolicyFor(http.Request.Path);
            headers["X-Request-Id"] = http.TraceIdentifier;
            return next(http);
        });
        if (app.Services.GetRequiredService<IOptions<CorsSettings>>().Value.AllowedOrigins.Length > 0)
        {
            app.UseCors(CorsPolicy);
        }
        return app;
    }

    private static string PolicyFor(PathString path) =>
        path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase) ? DocsPolicy
        : Dashboard.IsPage(path) ? PagePolicy
        : ApiPolicy;

}

/// <summary>The <c>Cors</c> configuration section, checked at start-up: the dashboards allowed to read across origins.</summary>
public sealed class CorsSettings
{
    public const string Section = "Cors";

    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// The list may also come as one comma- or semicolon-separated value (<c>Cors__AllowedOrigins</c>),
    /// which binding into an array leaves out.
    /// </summary>
    public static void ReadList(CorsSettings settings, IConfiguration configuration)
    {
        if (settings.AllowedOrigins.Length == 0 && configuration[$"{Section}:{nameof(AllowedOrigins)}"] is { Length: > 0 } list)
        {
            settings.AllowedOrigins = list.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    public static bool IsOrigin(string origin) =>
        origin == "*"
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.UserInfo.Length == 0
            && uri.PathAndQuery == "/"
            && uri.Fragment.Length == 0);
}
