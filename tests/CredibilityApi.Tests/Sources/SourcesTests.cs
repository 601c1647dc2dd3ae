using System.Net;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Sources;

public sealed class SourcesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task PostingSourceStoresItWithAliasesAsGiven()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/sources", new
        {
            name = "Bloomberg",
            kind = "outlet",
            country = "us",
            homepage = "https://www.bloomberg.com",
            aliases = new[] { new { text = "بلومبيرغ", language = "ar" }, new { text = "بلومبرج", language = "ar" } },
        });

        var created = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal($"/v1/sources/{created.Id()}", response.Headers.Location?.OriginalString);
        var read = await (await api.Anonymous().GetAsync($"/v1/sources/{created.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("Bloomberg", read.GetProperty("name").GetString());
        Assert.Equal("outlet", read.GetProperty("kind").GetString());
        Assert.Equal("US", read.GetProperty("country").GetString());
        Assert.Equal("بلومبيرغ", read.GetProperty("aliases")[0].GetProperty("text").GetString());
        Assert.Equal("بلومبرج", read.GetProperty("aliases")[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task PostingInvalidSourceNamesEachBadField()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/sources", new
        {
            name = " ",
            country = "XX",
            homepage = "ftp://example.org",
            aliases = new[] { new { text = "", language = "not a tag" } },
        });

        await response.AssertValidationProblem("name", "kind", "country", "homepage", "aliases[0].text", "aliases[0].language");
    }
}
