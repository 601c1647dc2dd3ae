using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CredibilityApi.Tools;

/// <summary>
/// <c>CredibilityApi.Tools population --data &lt;folder&gt; --url &lt;base&gt; --key &lt;admin key&gt;</c>: loads the
/// population truth-discovery benchmark (Pasternack and Roth 2010) into a running service through
/// its own HTTP API (each contributor a person, each row a claim with a quantity in people), then
/// asks GET /v1/subjects/{object} for every gold object and prints the share whose estimate is
/// the gold value. Nothing here knows the dataset beyond its file layout.
/// </summary>
public static class PopulationCommand
{
    private const int Concurrency = 8;
    private const int MaxAttempts = 8;

    public static bool IsRequested(string[] args) => args is ["population", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        if (!options.TryGetValue("data", out var data) || !options.TryGetValue("url", out var url) || !options.TryGetValue("key", out var key))
        {
            await Console.Error.WriteLineAsync("usage: CredibilityApi.Tools population --data <folder> --url <base> --key <admin key>");
            return 2;
        }
        var latin1 = Encoding.Latin1;
        var rows = (await File.ReadAllLinesAsync(Path.Combine(data, "population-new.txt"), latin1))
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 4)
            .Select(f => (Object: Clean(f[0]), Contributor: Clean(f[1]), Value: double.Parse(f[2], CultureInfo.InvariantCulture),
                Year: int.TryParse(f[3], CultureInfo.InvariantCulture, out var y) && y is > 0 and < 10000 ? y : (int?)null))
            .ToList();
        // The API refuses quantities beyond ±1e15 (a few vandalised rows claim 1e17 people): they are left out, and counted.
        var refused = rows.RemoveAll(r => Math.Abs(r.Value) > Claims.QuantityValidator.MaxMagnitude);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{refused} rows left out: values beyond ±1e15"));
        var gold = (await File.ReadAllLinesAsync(Path.Combine(data, "population-gd.txt"), latin1))
            .Select(line => line.Split(',').Select(f => f.Trim()).ToArray())
            .Where(f => f.Length >= 3)
            .Select(f => (Object: Clean($"{string.Join(", ", f[..^2])}_{f[^2]}"), Value: double.Parse(f[^1], CultureInfo.InvariantCulture)))
            .ToList();

        using var client = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var sources = new Dictionary<string, long>(StringComparer.Ordinal);
        var names = rows.Select(r => r.Contributor).Distinct(StringComparer.Ordinal).ToList();
        var ids = await ForEachAsync(names, async name =>
        {
            using var response = await SendAsync(client, () => JsonContent.Create(new { name, kind = "person" }, options: json), "v1/sources");
            return (await response.Content.ReadFromJsonAsync<JsonElement>(json)).GetProperty("id").GetInt64();
        });
        for (var i = 0; i < names.Count; i++)
        {
            sources[names[i]] = ids[i];
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names.Count} sources in {clock.Elapsed.TotalSeconds:F1} s"));

        await ForEachAsync(rows, async row =>
        {
            var body = new
            {
                text = string.Create(CultureInfo.InvariantCulture, $"{row.Object}: population {row.Value:R}"),
                speakerId = sources[row.Contributor],
                subject = row.Object,
                language = "en",
                quantity = new { value = row.Value, unit = "people", asOf = row.Year is { } year ? new DateOnly(year, 1, 1) : (DateOnly?)null },
            };
            using var response = await SendAsync(client, () => JsonContent.Create(body, options: json), "v1/claims");
            return 0;
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} claims in {clock.Elapsed.TotalSeconds:F1} s"));

        // Beliefs are computed in the background: read until they are as of a moment after the last write.
        var written = DateTimeOffset.UtcNow;
        while (true)
        {
            using var response = await SendAsync(client, null, $"v1/subjects/{Uri.EscapeDataString(rows[0].Object)}");
            var view = await response.Content.ReadFromJsonAsync<JsonElement>(json);
            if (view.GetProperty("computedAt") is { ValueKind: JsonValueKind.String } at && at.GetDateTimeOffset() >= written)
            {
                break;
            }
            await Task.Delay(100);
        }

        var estimates = await ForEachAsync(gold, async g =>
        {
            using var response = await SendAsync(client, null, $"v1/subjects/{Uri.EscapeDataString(g.Object)}");
            var view = await response.Content.ReadFromJsonAsync<JsonElement>(json);
            return view.GetProperty("estimate") is { ValueKind: JsonValueKind.Object } e ? e.GetProperty("value").GetDouble() : (double?)null;
        });
        var correct = gold.Where((g, i) => estimates[i] == g.Value).Count();

        // Majority vote over the same rows, for comparison (ties to the smaller value).
        var majority = rows.GroupBy(r => r.Object, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.GroupBy(r => r.Value).OrderByDescending(v => v.Count()).ThenBy(v => v.Key).First().Key,
            StringComparer.Ordinal);
        var voted = gold.Count(g => majority.TryGetValue(g.Object, out var v) && v == g.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"estimate accuracy: {(double)correct / gold.Count:F3} ({correct}/{gold.Count}); majority vote here: {(double)voted / gold.Count:F3} ({voted}/{gold.Count}); {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>What the API accepts as plain text: control characters (stray bytes read as Latin-1) become '?'.</summary>
    private static string Clean(string text) =>
        string.Concat(text.Trim().Select(c => char.IsControl(c) ? '?' : c));

    /// <summary>Sends with retries on 429 and 5xx (waiting as Retry-After says), failing on any other error.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Func<HttpContent>? body, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path) { Content = body?.Invoke() };
            var response = await client.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            var transient = response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            if (!transient || attempt >= MaxAttempts)
            {
                var problem = await response.Content.ReadAsStringAsync();
                response.Dispose();
                throw new HttpRequestException($"{request.Method} {path}: {(int)response.StatusCode} {problem}");
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(attempt);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    /// <summary>Runs <paramref name="work"/> over the items, a few at a time, answering the results in the items' order.</summary>
    private static async Task<T[]> ForEachAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, Task<T>> work)
    {
        var results = new T[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (i, _) => results[i] = await work(items[i]));
        return results;
    }
}
