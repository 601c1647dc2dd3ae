using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Sources;

public sealed class ResolveSourceTests(DemoApi demo) : IClassFixture<DemoApi>
{
    private readonly HttpClient client = demo.Api.Anonymous();

    [Theory]
    [InlineData("ISNA", "ISNA", "ISNA")]
    [InlineData("اسنا", "ISNA", "إسنا")]
    [InlineData("أسنا", "ISNA", "إسنا")]
    [InlineData("bloomberg", "Bloomberg", "Bloomberg")]
    [InlineData("  وكالة   تسنيم ", "Tasnim News Agency", "وكالة تسنيم")]
    [InlineData("تَسْنِيـــم", "Tasnim News Agency", "تسنيم")]
    [InlineData("وَكَالَةُ أَنْبَاءِ الطَّلَبَةِ الإِيرَانِيَّةِ", "ISNA", "وكالة أنباء الطلبة الإيرانية")]
    public async Task NamesAndAliasesResolveOnceFolded(string name, string source, string alias)
    {
        var best = (await Resolve(name))[0];

        Assert.Equal(source, best.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal(alias, best.GetProperty("matchedAlias").GetString());
        Assert.Equal("exact", best.GetProperty("match").GetString());
        Assert.Equal(1, best.GetProperty("score").GetDouble());
    }

    [Theory]
    [InlineData("لوكالة تسنيم", "Tasnim News Agency", "وكالة تسنيم")]
    [InlineData("وبلومبيرغ", "Bloomberg", "بلومبيرغ")]
    [InlineData("ولنهرين نت", "Nahrain Net", "نهرين نت")]
    public async Task AttachedPrefixesAreTriedOffTheFirstWord(string name, string source, string alias)
    {
        var best = (await Resolve(name))[0];

        Assert.Equal(source, best.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal(alias, best.GetProperty("matchedAlias").GetString());
        Assert.Equal("prefix", best.GetProperty("match").GetString());
        Assert.InRange(best.GetProperty("score").GetDouble(), 0.5, 0.99);
    }

    [Fact]
    public async Task NearSpellingsComeAfterExactMatches()
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        var bloomberg = await Seed.Source(editor, "Bloomberg", aliases: new[] { new { text = "بلومبيرغ", language = "ar" } });
        var other = await Seed.Source(editor, "بلومبرغ");

        var items = await Items(api.Anonymous(), "بلومبرغ");

        Assert.Equal(2, items.Count);
        Assert.Equal(other.Id(), items[0].GetProperty("source").GetProperty("id").GetInt64());
        Assert.Equal("exact", items[0].GetProperty("match").GetString());
        Assert.Equal(bloomberg.Id(), items[1].GetProperty("source").GetProperty("id").GetInt64());
        Assert.Equal("near", items[1].GetProperty("match").GetString());
        Assert.Equal("بلومبيرغ", items[1].GetProperty("matchedAlias").GetString());
        Assert.Equal(0.875, items[1].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task ANearSpellingOfADemoAliasResolves()
    {
        var best = (await Resolve("بلومبيرج"))[0];

        Assert.Equal("Bloomberg", best.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal("near", best.GetProperty("match").GetString());
    }

    [Theory]
    [InlineData("Völkischer Beobachter")]
    [InlineData("اب")]
    [InlineData("!!!")]
    public async Task UnknownNamesResolveToNothing(string name) => Assert.Empty(await Resolve(name));

    [Fact]
    public async Task LimitBoundsTheAnswerAndEachSourceAppearsOnce()
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        for (var i = 0; i < 3; i++)
        {
            await Seed.Source(editor, $"Shared Wire {i}", aliases: new[] { new { text = "Shared Wire", language = "en" }, new { text = "SHARED  wire", language = "en" } });
        }

        Assert.Equal(3, (await Items(api.Anonymous(), "shared wire")).Count);
        Assert.Single(await Items(api.Anonymous(), "shared wire", "&limit=1"));
    }

    [Fact]
    public async Task ResolveStaysInStepWithEveryWriteToSources()
    {
        var editor = await demo.Api.Editor();
        var created = await Seed.Source(editor, "Kurdistan Twenty Four", aliases: new[] { new { text = "كردستان 24", language = "ar" } });
        var url = $"/v1/sources/{created.Id()}";
        Assert.Equal(created.Id(), await BestId("كردستان 24"));

        (await editor.PatchJson(url, new { aliases = new[] { new { text = "K24", language = "en" } } })).EnsureSuccessStatusCode();
        Assert.Null(await BestId("كردستان 24"));
        Assert.Equal(created.Id(), await BestId("k24"));

        (await editor.PatchJson(url, new { name = "Kurdistan 24 TV" })).EnsureSuccessStatusCode();
        Assert.Null(await BestId("Kurdistan Twenty Four"));
        Assert.Equal(created.Id(), await BestId("kurdistan 24 tv"));

        (await editor.Delete(url)).EnsureSuccessStatusCode();
        Assert.Null(await BestId("k24"));
    }

    [Fact]
    public async Task ResolveNamesItsBadParameters()
    {
        await (await client.GetAsync("/v1/sources/resolve")).AssertValidationProblem("name");
        await (await client.GetAsync("/v1/sources/resolve?name=%20")).AssertValidationProblem("name");
        await (await client.GetAsync($"/v1/sources/resolve?name={new string('x', 301)}")).AssertValidationProblem("name");
        await (await client.GetAsync("/v1/sources/resolve?name=ISNA&limit=0")).AssertValidationProblem("limit");
        await (await client.GetAsync("/v1/sources/resolve?name=ISNA&limit=51")).AssertValidationProblem("limit");
    }

    private Task<List<JsonElement>> Resolve(string name) => Items(client, name);

    private async Task<long?> BestId(string name) =>
        (await Resolve(name)).Where(m => m.GetProperty("match").GetString() == "exact")
        .Select(m => (long?)m.GetProperty("source").GetProperty("id").GetInt64())
        .FirstOrDefault();

    private static async Task<List<JsonElement>> Items(HttpClient client, string name, string more = "") =>
        await client.Items($"/v1/sources/resolve?name={Uri.EscapeDataString(name)}{more}");
}
