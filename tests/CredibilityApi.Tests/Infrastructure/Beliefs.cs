using System.Net;
using System.Text.Json;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>
/// Beliefs are computed in the background and reads answer from the last finished pass, with the
/// time it is as of (every write acknowledged before it is reflected). These read until the
/// answer's beliefs are as of a given time, so a test sees its own writes.
/// </summary>
public static class Beliefs
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    /// <summary>Reads <paramref name="url"/> until its <paramref name="field"/> (a time) is at or after <paramref name="since"/> (default: now).</summary>
    public static async Task<JsonElement> ReadFresh(HttpClient client, string url, string field, DateTimeOffset? since = null)
    {
        var after = since ?? DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var body = await (await client.GetAsync(url)).AssertJson(HttpStatusCode.OK);
            if (body.GetProperty(field) is { ValueKind: JsonValueKind.String } at && at.GetDateTimeOffset() >= after)
            {
                return body;
            }
            Assert.True(clock.Elapsed < GiveUp, $"{url}: {field} never reached {after:O}; last answer {body}");
            await Task.Delay(20);
        }
    }

    /// <summary>A subject view whose beliefs reflect every write made before the call.</summary>
    public static Task<JsonElement> Subject(HttpClient client, string subject, DateTimeOffset? since = null) =>
        ReadFresh(client, $"/v1/subjects/{subject}", "computedAt", since);

    /// <summary>A claim whose belief reflects every write made before the call.</summary>
    public static Task<JsonElement> Claim(HttpClient client, long claim, DateTimeOffset? since = null) =>
        ReadFresh(client, $"/v1/claims/{claim}", "beliefsComputedAt", since);
}
