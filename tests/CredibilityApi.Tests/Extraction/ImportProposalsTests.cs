using System.Net;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Extraction;

/// <summary>The stored import answers the article as before, with the proposals of its dry run under proposals; nothing proposed is stored.</summary>
public sealed class ImportProposalsTests(DemoApi demo) : IClassFixture<DemoApi>
{
    [Fact]
    public async Task StoringAPageAnswersTheArticleWithTheDryRunsProposalsAndStoresNoClaim()
    {
        var editor = await demo.Api.Editor();
        var dryRun = await (await editor.PostText("/v1/articles/import?dryRun=true", Texts.CorpusPage)).AssertJson(HttpStatusCode.OK);
        var url = $"https://example.org/extraction/{Guid.NewGuid():N}";

        var stored = await (await editor.PostText($"/v1/articles/import?url={Uri.EscapeDataString(url)}", Texts.CorpusPage)).AssertJson(HttpStatusCode.Created);

        Assert.Equal(url, stored.GetProperty("url").GetString());
        Assert.Equal(dryRun.GetProperty("body").GetString(), stored.GetProperty("body").GetString());
        Assert.Equal(dryRun.GetProperty("citations").GetArrayLength(), stored.GetProperty("citations").GetArrayLength());
        Assert.Empty(stored.GetProperty("claims").EnumerateArray());
        var proposals = stored.GetProperty("proposals");
        Assert.Equal(dryRun.GetProperty("claims").GetRawText(), proposals.GetProperty("claims").GetRawText());
        Assert.Equal(dryRun.GetProperty("relations").GetRawText(), proposals.GetProperty("relations").GetRawText());
        Assert.True(proposals.GetProperty("claims").GetArrayLength() >= 9);
        var article = await (await editor.GetAsync($"/v1/articles/{stored.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Empty(article.GetProperty("claims").EnumerateArray());
        Assert.False(article.TryGetProperty("proposals", out _));
    }
}
