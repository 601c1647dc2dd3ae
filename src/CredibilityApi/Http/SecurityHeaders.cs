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

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = AllowedOrigins(configuration);
        if (origins.Length > 0)
        {
            services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(origins)
                .WithMethods("GET", "HEAD")
                .WithHeaders("Authorization", "If-None-Match", "Accept")
                .WithExposedHeaders("ETag", "Retry-After", "X-Request-Id")));
        }
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
        if (AllowedOrigins(app.Configuration).Length > 0)
        {
            app.UseCors(CorsPolicy);
        }
        return app;
    }

    private static string PolicyFor(PathString path) =>
        path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase) ? DocsPolicy
        : Dashboard.IsPage(path) ? PagePolicy
        : ApiPolicy;

    private static string[] AllowedOrigins(IConfiguration configuration) =>
        configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()
        ?? (configuration["Cors:AllowedOrigins"] is { Length: > 0 } list
            ? list.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : []);
}
