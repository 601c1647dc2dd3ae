using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace CredibilityApi.Http;

/// <summary>
/// The fact-checkers' dashboard: the page src/Dashboard builds into wwwroot, served as static
/// files at <c>/</c>. It reads only the public JSON API. Static files are middleware, not
/// endpoints, so the OpenAPI document gains nothing and unknown paths still answer 404 problems.
/// </summary>
public static class Dashboard
{
    private const string IndexFile = "index.html";

    /// <summary>The page's own document, which gets the page's Content-Security-Policy.</summary>
    public static bool IsPage(PathString path) => path == "/" || path == "/" + IndexFile;

    public static WebApplication UseDashboard(this WebApplication app)
    {
        if (Root(app.Environment) is not { } root)
        {
            // A build without the dashboard (or a test host without wwwroot): the API alone.
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = SetCaching });
        return app;
    }

    // wwwroot under the content root (the tests, the container, a run from the project folder);
    // otherwise the copy beside the assembly, as when dotnet run or a published app is started
    // from the repository root.
    private static string? Root(IWebHostEnvironment environment) =>
        new[] { environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot") }
            .FirstOrDefault(dir => !string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, IndexFile)));

    // The build names assets by content hash, so they never change; the page itself is revalidated.
    private static void SetCaching(StaticFileResponseContext context) =>
        context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
            ? "public, max-age=31536000, immutable"
            : "no-cache";
}
