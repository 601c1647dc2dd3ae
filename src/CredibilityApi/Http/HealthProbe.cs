namespace CredibilityApi.Http;

/// <summary>
/// <c>CredibilityApi probe &lt;url&gt;</c>: exits 0 when the URL answers 2xx, else 1. The
/// container's HEALTHCHECK uses it because the runtime image carries no curl.
/// </summary>
public static class HealthProbe
{
    public static bool IsRequested(string[] args) => args is ["probe", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:8080/healthz";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
        catch (TaskCanceledException)
        {
            return 1;
        }
    }
}
