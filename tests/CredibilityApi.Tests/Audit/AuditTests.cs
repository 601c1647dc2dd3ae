using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.ApiKeys;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Audit;

public sealed class AuditTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AuditListsCreateUpdateAndDeleteOfSourceNewestFirstWithTheEditorsKey()
    {
        var editor = await TestKeys.Create(api, "editor");
        var created = await Seed.Source(editor.Client, "Tasnim", aliases: new[] { new { text = "تسنيم", language = "ar" } });
        var id = created.Id();
        var patched = await (await editor.Client.PatchJson($"/v1/sources/{id}", new { name = "Tasnim News Agency" }, ifMatch: "\"1\""))
            .AssertJson(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.Client.Delete($"/v1/sources/{id}")).StatusCode);

        var entries = await Entries($"/v1/audit?entity=source&id={id}");

        Assert.Equal(["delete", "update", "create"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e =>
        {
            Assert.Equal(editor.Id, e.GetProperty("keyId").GetInt64());
            Assert.Equal("source", e.GetProperty("entity").GetString());
            Assert.Equal(id, e.GetProperty("entityId").GetInt64());
        });
        var ids = entries.Select(e => e.Id()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        var times = entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var (delete, update, create) = (entries[0], entries[1], entries[2]);
        Assert.Equal(JsonValueKind.Null, create.GetProperty("before").ValueKind);
        Assert.Equal(created.GetRawText(), create.GetProperty("after").GetRawText());
        Assert.Equal(created.GetRawText(), update.GetProperty("before").GetRawText());
        Assert.Equal(patched.GetRawText(), update.GetProperty("after").GetRawText());
        Assert.Equal("Tasnim News Agency", update.GetProperty("after").GetProperty("name").GetString());
        Assert.Equal("Tasnim", update.GetProperty("before").GetProperty("name").GetString());
        Assert.Equal(patched.GetRawText(), delete.GetProperty("before").GetRawText());
        Assert.Equal(JsonValueKind.Null, delete.GetProperty("after").ValueKind);
    }

    [Fact]
    public async Task AuditNamesEachKeyThatWrote()
    {
        var first = await TestKeys.Create(api, "editor");
        var second = await TestKeys.Create(api, "editor");
        var source = await Seed.Source(first.Client);
        await (await second.Client.PatchJson($"/v1/sources/{source.Id()}", new { kind = "person" })).AssertJson(HttpStatusCode.OK);

        var entries = await Entries($"/v1/audit?entity=source&id={source.Id()}");

        Assert.Equal([second.Id, first.Id], entries.Select(e => e.GetProperty("keyId").GetInt64()));
    }

    [Fact]
    public async Task AuditRecordsKeyManagementByTheAdmin()
    {
        var key = await TestKeys.Create(api, "reader");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().Delete($"/v1/api-keys/{key.Id}")).StatusCode);

        var entries = await Entries($"/v1/audit?entity=api-key&id={key.Id}");

        Assert.Equal(["delete", "create"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.DoesNotContain(key.Secret, e.GetRawText(), StringComparison.Ordinal));
        Assert.Equal("reader", entries[1].GetProperty("after").GetProperty("role").GetString());
    }

    [Fact]
    public async Task AuditPagesNewestFirstWithoutRepeats()
    {
        var editor = await api.Editor();
        var source = await Seed.Source(editor);
        for (var i = 1; i <= 3; i++)
        {
            await (await editor.PatchJson($"/v1/sources/{source.Id()}", new { name = $"Edit {i}" })).AssertJson(HttpStatusCode.OK);
        }
        var all = await Entries($"/v1/audit?entity=source&id={source.Id()}");

        var paged = new List<JsonElement>();
        var url = $"/v1/audit?entity=source&id={source.Id()}&limit=1";
        var page = await (await api.Admin().GetAsync(url)).AssertJson(HttpStatusCode.OK);
        paged.AddRange(page.GetProperty("items").EnumerateArray());
        while (page.GetProperty("nextCursor").GetString() is { } cursor && paged.Count <= all.Count)
        {
            page = await (await api.Admin().GetAsync($"{url}&cursor={Uri.EscapeDataString(cursor)}")).AssertJson(HttpStatusCode.OK);
            Assert.Equal(1, page.GetProperty("items").GetArrayLength());
            paged.AddRange(page.GetProperty("items").EnumerateArray());
        }

        Assert.Equal(["update", "update", "update", "create"], all.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(all.Select(e => e.Id()), paged.Select(e => e.Id()));
        Assert.Equal("Edit 3", paged[0].GetProperty("after").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("reader")]
    public async Task OnlyAdminsReadTheAudit(string role)
    {
        var key = await TestKeys.Create(api, role);

        await (await key.Client.GetAsync("/v1/audit")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnonymousCannotReadTheAudit()
    {
        var response = await api.Anonymous().GetAsync("/v1/audit");

        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("entity=bogus", "entity")]
    [InlineData("entity=sources", "entity")]
    [InlineData("entity=source&id=0", "id")]
    [InlineData("entity=source&id=abc", "id")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=nonsense", "cursor")]
    public async Task AuditQueryWithBadParameterNamesIt(string query, string field)
    {
        var response = await api.Admin().GetAsync($"/v1/audit?{query}");

        await response.AssertValidationProblem(field);
    }

    [Fact]
    public async Task RejectedWritesAddNoAuditEntry()
    {
        using var own = new ApiFactory();
        var editor = await own.Editor();
        var source = await Seed.Source(editor);
        var user = await Seed.Source(editor);
        await Seed.Claim(editor, user.Id());
        var before = await AllEntries(own);

        await (await editor.PostJson("/v1/sources", new { name = "", kind = "outlet" })).AssertValidationProblem("name");
        await (await editor.PatchJson($"/v1/sources/{source.Id()}", new { country = "XX" })).AssertValidationProblem("country");
        await (await editor.PatchJson($"/v1/sources/{source.Id()}", new { name = "Stale" }, ifMatch: "\"7\""))
            .AssertProblem(HttpStatusCode.PreconditionFailed);
        await (await editor.Delete($"/v1/sources/{user.Id()}")).AssertProblem(HttpStatusCode.Conflict);
        await (await own.Admin().PostJson("/v1/api-keys", new { name = "no role" })).AssertValidationProblem("role");

        var after = await AllEntries(own);
        Assert.Equal(before.Select(e => e.GetRawText()), after.Select(e => e.GetRawText()));
        Assert.NotEmpty(after);
    }

    private Task<List<JsonElement>> Entries(string url) => Entries(api.Admin(), url);

    private static Task<List<JsonElement>> AllEntries(ApiFactory factory) => Entries(factory.Admin(), "/v1/audit");

    /// <summary>Every entry the query matches, following nextCursor to the last page.</summary>
    private static async Task<List<JsonElement>> Entries(HttpClient admin, string url)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync(cursor is null ? url : $"{url}{(url.Contains('?') ? '&' : '?')}cursor={Uri.EscapeDataString(cursor)}"))
                .AssertJson(HttpStatusCode.OK);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }
}
