using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Articles;

/// <summary>
/// Name matching in the article import when very many sources share their leading words ("وكالة أنباء …"):
/// the right source is still found, and an import under way holds up neither name lookups nor writes.
/// </summary>
public sealed class ArticleImportNameIndexTests
{
    private const string DryRun = "/v1/articles/import?dryRun=true";

    [Fact]
    public async Task AmongThousandsOfSourcesSharingLeadingWordsTheOnesNamedAreCitedWhereTheyStand()
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        await ImportAlikeSources(editor, 3_000);
        var east = await Seed.Source(editor, "وكالة أنباء الشرق الأوسط");
        var eastShort = await Seed.Source(editor, "وكالة أنباء الشرق");
        var afp = await Seed.Source(editor, "Agence France-Presse", aliases: new[] { new { text = "وكالة الصحافة الفرنسية", language = "ar" } });
        var page = """
            عنوان الخبر عن المفاوضات

            بقلم: سارة الأحمد
            قالت وكالة أنباء الشرق الأوسط إن المفاوضات ستستأنف. ونقلت لوكالة أنباء 1234 عن مصدر أن الوفد وصل،
            وأكدت وكالة الصحافة الفرنسية ذلك. وذكرت وكالة أنباء الشرق أن الموعد لم يحدد، كما نشرت وَكَالَةُ أَنْبَاءِ 77 الخبر.
            ولم تعلق وكالة أنباء عربية على الخبر، ولا وكالة أنباء
            88 في سطر آخر.
            """;

        var analysis = await (await editor.PostText(DryRun, page)).AssertJson(HttpStatusCode.OK);

        var body = analysis.GetProperty("body").GetString()!;
        var cited = analysis.GetProperty("citations").EnumerateArray()
            .Select(c => (
                Id: (long?)c.GetProperty("sourceId").GetInt64(),
                Text: body[c.GetProperty("start").GetInt32()..c.GetProperty("end").GetInt32()],
                Alias: c.GetProperty("matchedAlias").GetString()))
            .ToList();
        Assert.Equal(
            new List<(long?, string, string?)>
            {
                (east.Id(), "وكالة أنباء الشرق الأوسط", "وكالة أنباء الشرق الأوسط"),
                (await ExactId(api, "وكالة أنباء 1234"), "وكالة أنباء 1234", "وكالة أنباء 1234"),
                (afp.Id(), "وكالة الصحافة الفرنسية", "وكالة الصحافة الفرنسية"),
                (eastShort.Id(), "وكالة أنباء الشرق", "وكالة أنباء الشرق"),
                (await ExactId(api, "وكالة أنباء 77"), "وَكَالَةُ أَنْبَاءِ 77", "وكالة أنباء 77"),
            },
            cited);
    }

    [Fact]
    public async Task AnImportUnderWayHoldsUpNeitherNameLookupsNorWrites()
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        await ImportAlikeSources(editor, 40_000);
        Assert.NotNull(await ExactId(api, "وكالة أنباء 39999"));
        // Every sentence names the shared leading words of 40,000 sources, none of them in full (before the index
        // was a tree of words, that took minutes, and every name lookup after a write waited for it).
        var page = "عنوان الخبر\n\n" + string.Concat(Enumerable.Repeat("نقلت وكالة أنباء عربية الخبر. ", 15_000));

        var import = editor.PostText(DryRun, page);
        // Time for the import to reach its matching (then a name written meanwhile must still resolve at once);
        // an import that is already done makes this test no weaker for the fixed service.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var created = await Seed.Source(editor, $"Kurdistan Twenty Four {Guid.NewGuid():N}");
        Assert.Equal(created.Id(), await ExactId(api, created.GetProperty("name").GetString()!));
        await Seed.Claim(editor, created.Id());

        var analysis = await (await import).AssertJson(HttpStatusCode.OK);
        Assert.Empty(analysis.GetProperty("citations").EnumerateArray());
    }

    /// <summary>Sources "وكالة أنباء 1" … "وكالة أنباء n", through the NDJSON import.</summary>
    private static async Task ImportAlikeSources(HttpClient editor, int count)
    {
        var lines = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            lines.Append(JsonSerializer.Serialize(new { entity = "source", data = new { name = $"وكالة أنباء {i}", kind = "outlet" } })).Append('\n');
        }
        var response = await editor.PostAsync("/v1/imports/ndjson", new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(count, (await response.AssertJson(HttpStatusCode.OK)).GetProperty("accepted").GetInt32());
    }

    private static async Task<long?> ExactId(ApiFactory api, string name) =>
        (await api.Anonymous().Items($"/v1/sources/resolve?name={Uri.EscapeDataString(name)}"))
        .Where(m => m.GetProperty("match").GetString() == "exact")
        .Select(m => (long?)m.GetProperty("source").GetProperty("id").GetInt64())
        .FirstOrDefault();
}
