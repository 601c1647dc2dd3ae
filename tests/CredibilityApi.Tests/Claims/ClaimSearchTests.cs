using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using Dapper;

namespace CredibilityApi.Tests.Claims;

/// <summary>Each test marks its claims with a word of its own and searches for it, so tests never see each other's claims.</summary>
public sealed class ClaimSearchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient reader = api.Anonymous();

    [Fact]
    public async Task SearchFindsArabicWordsWithAttachedPrefixesDiacriticsAndHamzaForms()
    {
        var (editor, speaker, marker) = await Setup();
        var withPrefix = await Seed.Claim(editor, speaker, $"{marker} زار الجنرال سليماني لموسكو سراً");
        var bare = await Seed.Claim(editor, speaker, $"{marker} وصل الوفد الإيراني إلى مُوسْكُو أمس");
        await Seed.Claim(editor, speaker, $"{marker} غادر الوفد بيروت");

        var found = await Search($"{marker} موسكو");

        Assert.Equal([withPrefix.Id(), bare.Id()], found.Select(c => c.Id()).Order());
        Assert.Contains("<mark>لموسكو</mark>", Snippet(found, withPrefix.Id()), StringComparison.Ordinal);
        Assert.Contains("<mark>مُوسْكُو</mark>", Snippet(found, bare.Id()), StringComparison.Ordinal);
        Assert.Equal([withPrefix.Id()], (await Search($"{marker} وسُليمانـــي")).Select(c => c.Id()));
        Assert.Equal([bare.Id()], (await Search($"{marker} الإيرانيّ")).Select(c => c.Id()));
    }

    [Fact]
    public async Task SearchMatchesHamzaAndAlefFormsEitherWay()
    {
        var (editor, speaker, marker) = await Setup();
        var claim = await Seed.Claim(editor, speaker, $"{marker} أعلنت إيران سحب قواتها");

        Assert.Equal([claim.Id()], (await Search($"{marker} ايران اعلنت")).Select(c => c.Id()));
        Assert.Equal([claim.Id()], (await Search($"{marker} آيران")).Select(c => c.Id()));
    }

    [Fact]
    public async Task SearchRanksTheBestMatchFirst()
    {
        var (editor, speaker, marker) = await Setup();
        var weak = await Seed.Claim(editor, speaker,
            $"{marker} the ministry said on Monday that Tasnim had once reported on the talks among many other matters of the day");
        var strong = await Seed.Claim(editor, speaker, $"{marker} Tasnim: Tasnim denies Tasnim report");

        var found = await Search($"{marker} tasnim");

        Assert.Equal([strong.Id(), weak.Id()], found.Select(c => c.Id()));
        Assert.Equal(
            $"<mark>{marker}</mark> <mark>Tasnim</mark>: <mark>Tasnim</mark> denies <mark>Tasnim</mark> report",
            Snippet(found, strong.Id()));
    }

    [Fact]
    public async Task SearchPagesWithARankedCursorWithoutRepeatsOrGaps()
    {
        var (editor, speaker, marker) = await Setup();
        // Three equal texts rank equally: the cursor must break the tie by id across pages.
        foreach (var text in new[] { "denial of troops", "denial of troops", "a denial denial", "denial of troops", "the denial of all the troops" })
        {
            await Seed.Claim(editor, speaker, $"{marker} {text}");
        }
        var all = (await Search($"{marker} denial", "&limit=5")).Select(c => c.Id()).ToList();

        var paged = new List<long>();
        string? cursor = null;
        do
        {
            var url = $"/v1/claims?q={Uri.EscapeDataString($"{marker} denial")}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await reader.GetAsync(url)).AssertJson(HttpStatusCode.OK);
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(5, all.Count);
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task ASearchTakesOnlyARankedCursorAndAListOnlyAnIdCursor()
    {
        var (editor, speaker, marker) = await Setup();
        for (var i = 0; i < 2; i++)
        {
            await Seed.Claim(editor, speaker, $"{marker} claim {i}");
        }
        var ranked = (await (await reader.GetAsync($"/v1/claims?q={marker}&limit=1")).AssertJson(HttpStatusCode.OK))
            .GetProperty("nextCursor").GetString();
        var plain = (await (await reader.GetAsync("/v1/claims?limit=1")).AssertJson(HttpStatusCode.OK))
            .GetProperty("nextCursor").GetString();

        await (await reader.GetAsync($"/v1/claims?q={marker}&cursor={plain}")).AssertValidationProblem("cursor");
        await (await reader.GetAsync($"/v1/claims?cursor={ranked}")).AssertValidationProblem("cursor");
        await (await reader.GetAsync($"/v1/claims?q={marker}&cursor=bm90LWEtY3Vyc29y")).AssertValidationProblem("cursor");
        (await reader.GetAsync($"/v1/claims?q={marker}&cursor={ranked}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task TheIndexFollowsAClaimsTextWhenItChanges()
    {
        var (editor, speaker, marker) = await Setup();
        var claim = await Seed.Claim(editor, speaker, $"{marker} الحرس الثوري ينسحب");

        (await editor.PatchJson($"/v1/claims/{claim.Id()}", new { text = $"{marker} القوات الروسية تنسحب" })).EnsureSuccessStatusCode();

        Assert.Empty(await Search($"{marker} الحرس"));
        var found = Assert.Single(await Search($"{marker} روسية"));
        Assert.Contains("<mark>الروسية</mark>", found.GetProperty("snippet").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedClaimLeavesTheIndex()
    {
        var (editor, speaker, marker) = await Setup();
        var claim = await Seed.Claim(editor, speaker, $"{marker} to be deleted");
        Assert.Equal(1, await IndexEntries(claim.Id()));

        // No endpoint deletes claims yet; the trigger covers whatever path does.
        await using (var connection = api.OpenDatabase())
        {
            Assert.Equal(1, await connection.ExecuteAsync("DELETE FROM claims WHERE id = @id", new { id = claim.Id() }));
        }

        Assert.Equal(0, await IndexEntries(claim.Id()));
        Assert.Empty(await Search(marker));
    }

    [Fact]
    public async Task ListsWithoutSearchCarryNoSnippetAndASearchWithoutWordsFindsNothing()
    {
        var (editor, speaker, marker) = await Setup();
        await Seed.Claim(editor, speaker, $"{marker} plain", subject: marker);

        var listed = Assert.Single(await reader.Items($"/v1/claims?subject={marker}"));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("snippet").ValueKind);
        Assert.Empty(await reader.Items("/v1/claims?q=%C2%AB%21%21%C2%BB"));
    }

    [Fact]
    public async Task SearchCombinesWithTheOtherFilters()
    {
        var (editor, speaker, marker) = await Setup();
        var other = (await Seed.Source(editor)).Id();
        var mine = await Seed.Claim(editor, speaker, $"{marker} troops", subject: "a-subject");
        await Seed.Claim(editor, other, $"{marker} troops", subject: "a-subject");

        var found = await reader.Items($"/v1/claims?q={marker}&sourceId={speaker}&subject=a-subject");

        Assert.Equal([mine.Id()], found.Select(c => c.Id()));
    }

    private async Task<(HttpClient Editor, long Speaker, string Marker)> Setup()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        return (editor, speaker, $"zq{Guid.NewGuid():N}");
    }

    private Task<List<JsonElement>> Search(string q, string more = "") =>
        reader.Items($"/v1/claims?q={Uri.EscapeDataString(q)}{more}");

    private static string Snippet(List<JsonElement> found, long id) =>
        found.Single(c => c.Id() == id).GetProperty("snippet").GetString()!;

    private async Task<long> IndexEntries(long claimId)
    {
        await using var connection = api.OpenDatabase();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM claims_fts WHERE rowid = @claimId", new { claimId });
    }
}
