using System.Net;
using System.Text;
using System.Text.Json;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>Text bodies, the pages tests import, and list reading.</summary>
public static class Texts
{
    /// <summary>The corpus page, as the service embeds it for the demo (the same file as ../shared/corpus).</summary>
    public static string CorpusPage { get; } =
        File.ReadAllText(Path.Combine(Repository.Root, "src", "CredibilityApi", "Demo", "baladi-2015-iran-russia-syria.txt"));

    /// <summary>A page the tests wrote, from tests/CredibilityApi.Tests/Articles/Pages.</summary>
    public static string Page(string name) =>
        File.ReadAllText(Path.Combine(Repository.Root, "tests", "CredibilityApi.Tests", "Articles", "Pages", name));

    public static Task<HttpResponseMessage> PostText(this HttpClient client, string url, string text, string mediaType = "text/plain") =>
        client.PostAsync(url, new StringContent(text, Encoding.UTF8, mediaType));

    /// <summary>The items of a list answer, asserting 200.</summary>
    public static async Task<List<JsonElement>> Items(this HttpClient client, string url) =>
        [.. (await (await client.GetAsync(url)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];
}
