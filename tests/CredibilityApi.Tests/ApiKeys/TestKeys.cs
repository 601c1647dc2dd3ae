using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.ApiKeys;

/// <summary>A key made for one test: its id (as the audit log names it), its secret and a client sending it.</summary>
public sealed record TestKey(long Id, string Secret, HttpClient Client);

/// <summary>Keys for tests that need to know which key wrote, or to revoke one.</summary>
public static class TestKeys
{
    public static async Task<TestKey> Create(ApiFactory api, string role)
    {
        var response = await api.Admin().PostAsJsonAsync("/v1/api-keys", new { name = $"{role} {Guid.NewGuid():N}", role });
        var created = await response.AssertJson(HttpStatusCode.Created);
        var secret = created.GetProperty("key").GetString()!;
        return new TestKey(created.Id(), secret, api.WithKey(secret));
    }

    /// <summary>Every active key, following nextCursor to the last page.</summary>
    public static async Task<List<JsonElement>> ListAll(HttpClient admin)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = cursor is null ? "/v1/api-keys?limit=500" : $"/v1/api-keys?limit=500&cursor={Uri.EscapeDataString(cursor)}";
            var page = await (await admin.GetAsync(url)).AssertJson(HttpStatusCode.OK);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }
}
