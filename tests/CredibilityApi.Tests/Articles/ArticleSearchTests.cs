using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using Dapper;

namespace CredibilityApi.Tests.Articles;

/// <summary>Each test marks its articles with a word of its own and searches for it.</summary>
public sealed class ArticleSearchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient reader = api.Anonymous();

    [Fact]
    public async Task SearchFindsArticlesByTitleOrBodyTitleFirstWithSnippets()
    {
        var editor = await api.Editor();
        var marker = Marker();
        var inBody = await Post(editor, "Weekly roundup", $"Among other things, {marker} said that Tasnim had reported the visit earlier.");
        var inTitle = await Post(editor, $"{marker} Tasnim report", "Short text.");

        var found = await Search($"{marker} tasnim");

        Assert.Equal([inTitle, inBody], found.Select(a => a.Id()));
        Assert.Equal($"<mark>{marker}</mark> <mark>Tasnim</mark> report", found[0].GetProperty("snippet").GetString());
        Assert.Equal(
            $"Among other things, <mark>{marker}</mark> said that <mark>Tasnim</mark> had reported the visit earlier.",
            found[1].GetProperty("snippet").GetString());
    }

    [Fact]
    public async Task ArabicSearchFoldsAndHighlightsTheStoredText()
    {
        var editor = await api.Editor();
        var marker = Marker();
        var id = await Post(editor, "عنوان", $"{marker} وكانت وَكَالَةُ تسنيـــم الإيرانية نقلت عن شبكة \"نهرين نت\" الخبر.");

        var found = Assert.Single(await Search($"{marker} لوكالة تسنيم"));

        Assert.Equal(id, found.Id());
        Assert.Equal(
            $"<mark>{marker}</mark> وكانت <mark>وَكَالَةُ</mark> <mark>تسنيـــم</mark> الإيرانية نقلت عن شبكة \"نهرين نت\" الخبر.",
            found.GetProperty("snippet").GetString());
    }

    [Fact]
    public async Task ArticleSearchPagesWithARankedCursor()
    {
        var editor = await api.Editor();
        var marker = Marker();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Post(editor, $"{marker} title", "Same body."));
        }

        var first = await (await reader.GetAsync($"/v1/articles?q={marker}&limit=2")).AssertJson(HttpStatusCode.OK);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await reader.GetAsync($"/v1/articles?q={marker}&limit=2&cursor={cursor}")).AssertJson(HttpStatusCode.OK);

        var paged = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(a => a.Id());
        Assert.Equal(ids, paged);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        await (await reader.GetAsync($"/v1/articles?cursor={cursor}")).AssertValidationProblem("cursor");
    }

    [Fact]
    public async Task ADeletedArticleLeavesTheIndex()
    {
        var editor = await api.Editor();
        var marker = Marker();
        var id = await Post(editor, $"{marker} gone", "Soon deleted.");

        // No endpoint deletes articles yet; the trigger covers whatever path does.
        await using var connection = api.OpenDatabase();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM articles_fts WHERE rowid = @id", new { id }));
        Assert.Equal(1, await connection.ExecuteAsync("DELETE FROM articles WHERE id = @id", new { id }));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM articles_fts WHERE rowid = @id", new { id }));
    }

    private static string Marker() => $"zq{Guid.NewGuid():N}";

    private Task<List<JsonElement>> Search(string q) => reader.Items($"/v1/articles?q={Uri.EscapeDataString(q)}");

    private static async Task<long> Post(HttpClient editor, string title, string body) =>
        (await (await editor.PostJson("/v1/articles", new { url = $"https://example.org/{Guid.NewGuid():N}", title, body }))
            .AssertJson(HttpStatusCode.Created)).Id();
}
