using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
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

    [Fact]
    public async Task GettingUnknownSourceReturnsNotFoundProblem()
    {
        var response = await api.Anonymous().GetAsync("/v1/sources/987654321");

        var problem = await response.AssertProblem(HttpStatusCode.NotFound);
        Assert.Contains("987654321", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListingSourcesByKindReturnsOnlyThatKind()
    {
        var editor = await api.Editor();
        var tag = Tag();
        var outlet = await Seed.Source(editor, $"Outlet {tag}", "outlet");
        var person = await Seed.Source(editor, $"Person {tag}", "person");
        var anonymous = await Seed.Source(editor, $"Diplomats {tag}", "anonymous");

        Assert.Equal([person.Id()], await ListIds($"/v1/sources?kind=person&q={tag}"));
        Assert.Equal([outlet.Id()], await ListIds($"/v1/sources?kind=outlet&q={tag}"));
        Assert.Equal([anonymous.Id()], await ListIds($"/v1/sources?kind=anonymous&q={tag}"));
        Assert.Empty(await ListIds($"/v1/sources?kind=organization&q={tag}"));
        Assert.Equal([outlet.Id(), person.Id(), anonymous.Id()], await ListIds($"/v1/sources?q={tag}"));
    }

    [Theory]
    [InlineData("بلومبيرغ", "بُلُومْبِيرَغ")]      // tashkeel
    [InlineData("بلومبيرغ", "بلومبـــيرغ")]         // tatweel
    [InlineData("بلومبيرغ", "بُلومبـــيرَغ")]       // both
    [InlineData("وكالة أنباء", "وكاله انباء")]      // teh marbuta and alef with hamza
    [InlineData("مصطفى", "مصطفي")]                  // alef maqsura
    public async Task ListingSourcesByQFindsArabicAliasWhateverTheSpelling(string alias, string query)
    {
        var editor = await api.Editor();
        var tag = ArabicTag();
        var wanted = await Seed.Source(editor, $"Wanted {Tag()}", aliases: new[] { new { text = $"{alias} {tag}", language = "ar" } });
        await Seed.Source(editor, $"Decoy {Tag()}", aliases: new[] { new { text = $"رويترز {tag}", language = "ar" } });

        var ids = await ListIds($"/v1/sources?q={Uri.EscapeDataString($"{query} {tag}")}");

        Assert.Equal([wanted.Id()], ids);
        var read = await (await api.Anonymous().GetAsync($"/v1/sources/{wanted.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal($"{alias} {tag}", read.GetProperty("aliases")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ListingSourcesByQFindsLatinNameIgnoringCaseAndAccents()
    {
        var editor = await api.Editor();
        var tag = Tag();
        var wanted = await Seed.Source(editor, $"Télé Liban {tag}");
        await Seed.Source(editor, $"Other Outlet {tag}");

        Assert.Equal([wanted.Id()], await ListIds($"/v1/sources?q={Uri.EscapeDataString($"TELE LIBAN {tag.ToUpperInvariant()}")}"));
        Assert.Equal([wanted.Id()], await ListIds($"/v1/sources?q={Uri.EscapeDataString($"télé liban {tag}")}"));
        Assert.Empty(await ListIds($"/v1/sources?q={Uri.EscapeDataString($"Tele Beirut {tag}")}"));
    }

    [Fact]
    public async Task ListingSourcesPagesThroughEveryMatchOnceInOrder()
    {
        var editor = await api.Editor();
        var tag = Tag();
        var created = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Seed.Source(editor, $"Paged {tag} {i}")).Id());
        }

        var seen = new List<long>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            var url = $"/v1/sources?q={tag}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().Select(s => s.Id()).ToList();
            pageSizes.Add(items.Count);
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(pageSizes.Count <= 3, "Paging did not stop after three pages.");
        }
        while (cursor is not null);

        Assert.Equal([2, 2, 1], pageSizes);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task ListingExactlyOnePageOfSourcesHasNoNextCursor()
    {
        var editor = await api.Editor();
        var tag = Tag();
        for (var i = 0; i < 3; i++)
        {
            await Seed.Source(editor, $"Exact {tag} {i}");
        }

        var page = await (await api.Anonymous().GetAsync($"/v1/sources?q={tag}&limit=3")).AssertJson(HttpStatusCode.OK);

        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("not-a-cursor!!")]
    [InlineData("aGVsbG8")]   // base64url of "hello"
    [InlineData("k1:5")]
    [InlineData("encoded:k1:0")]
    [InlineData("encoded:k1:-3")]
    [InlineData("encoded:k2:3")]
    public async Task ListingSourcesWithMalformedCursorNamesCursor(string cursor)
    {
        if (cursor.StartsWith("encoded:", StringComparison.Ordinal))
        {
            cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor["encoded:".Length..]));
        }

        var response = await api.Anonymous().GetAsync($"/v1/sources?cursor={Uri.EscapeDataString(cursor)}");

        await response.AssertValidationProblem("cursor");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("501")]
    [InlineData("abc")]
    [InlineData("2.5")]
    public async Task ListingSourcesWithBadLimitNamesLimit(string limit)
    {
        var response = await api.Anonymous().GetAsync($"/v1/sources?limit={limit}");

        await response.AssertValidationProblem("limit");
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("Outlet")]
    [InlineData("outlets")]
    public async Task ListingSourcesWithUnknownKindNamesKind(string kind)
    {
        var response = await api.Anonymous().GetAsync($"/v1/sources?kind={kind}");

        await response.AssertValidationProblem("kind");
    }

    [Fact]
    public async Task ListingSourcesWithOverlongQNamesQ()
    {
        var response = await api.Anonymous().GetAsync($"/v1/sources?q={new string('a', 301)}");

        await response.AssertValidationProblem("q");
    }

    [Fact]
    public async Task PatchingSourceChangesFieldsReplacesAliasesAndBumpsVersion()
    {
        var editor = await api.Editor();
        var oldTag = Tag();
        var newTag = Tag();
        var source = await Seed.Source(editor, $"Old name {oldTag}", aliases: new[]
        {
            new { text = $"old alias {oldTag}", language = "en" },
            new { text = "القديم", language = "ar" },
        });

        var response = await editor.PatchJson($"/v1/sources/{source.Id()}", new
        {
            name = $"  New name {newTag}  ",
            kind = "organization",
            country = "gb",
            homepage = "https://example.org/new",
            aliases = new[] { new { text = $"new alias {newTag}", language = "en" } },
        }, ifMatch: "\"1\"");

        var patched = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(2, patched.GetProperty("version").GetInt64());
        Assert.Equal($"New name {newTag}", patched.GetProperty("name").GetString());
        Assert.Equal("organization", patched.GetProperty("kind").GetString());
        Assert.Equal("GB", patched.GetProperty("country").GetString());
        Assert.Equal("https://example.org/new", patched.GetProperty("homepage").GetString());
        Assert.Equal([$"new alias {newTag}"], AliasTexts(patched));

        var readResponse = await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}");
        var read = await readResponse.AssertJson(HttpStatusCode.OK);
        Assert.Equal("\"2\"", readResponse.Headers.ETag?.Tag);
        Assert.Equal(patched.GetRawText(), read.GetRawText());

        // The folded copies used for search follow the change.
        Assert.Empty(await ListIds($"/v1/sources?q={oldTag}"));
        Assert.Equal([source.Id()], await ListIds($"/v1/sources?q={Uri.EscapeDataString($"NEW ALIAS {newTag}")}"));
        Assert.Equal([source.Id()], await ListIds($"/v1/sources?kind=organization&q={Uri.EscapeDataString($"new name {newTag}")}"));
    }

    [Fact]
    public async Task PatchingSourceWithoutAliasesKeepsThemAndEmptyStringsClearCountryAndHomepage()
    {
        var editor = await api.Editor();
        var created = await (await editor.PostJson("/v1/sources", new
        {
            name = $"Keeper {Tag()}",
            kind = "outlet",
            country = "SY",
            homepage = "https://example.org",
            aliases = new[] { new { text = "بلدي نيوز", language = "ar" }, new { text = "Baladi News", language = "en" } },
        })).AssertJson(HttpStatusCode.Created);

        var patched = await (await editor.PatchJson($"/v1/sources/{created.Id()}", new { country = "", homepage = "" }))
            .AssertJson(HttpStatusCode.OK);

        Assert.Equal(created.GetProperty("name").GetString(), patched.GetProperty("name").GetString());
        Assert.Equal("outlet", patched.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("country").ValueKind);
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("homepage").ValueKind);
        Assert.Equal(["بلدي نيوز", "Baladi News"], AliasTexts(patched));
        Assert.Equal(2, patched.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task PatchingSourceWithEmptyAliasListRemovesAllAliases()
    {
        var editor = await api.Editor();
        var tag = Tag();
        var source = await Seed.Source(editor, $"Aliased {Tag()}", aliases: new[] { new { text = $"alias {tag}", language = "en" } });

        var patched = await (await editor.PatchJson($"/v1/sources/{source.Id()}", new { aliases = Array.Empty<object>() }))
            .AssertJson(HttpStatusCode.OK);

        Assert.Empty(AliasTexts(patched));
        Assert.Empty(await ListIds($"/v1/sources?q={tag}"));
    }

    [Fact]
    public async Task PatchingSourceWithStaleIfMatchReturnsPreconditionFailed()
    {
        var editor = await api.Editor();
        var source = await Seed.Source(editor);
        var first = await (await editor.PatchJson($"/v1/sources/{source.Id()}", new { name = "First edit" })).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("version").GetInt64());

        var stale = await editor.PatchJson($"/v1/sources/{source.Id()}", new { name = "Lost edit" }, ifMatch: "\"1\"");

        await stale.AssertProblem(HttpStatusCode.PreconditionFailed);
        var afterStale = await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("First edit", afterStale.GetProperty("name").GetString());
        Assert.Equal(2, afterStale.GetProperty("version").GetInt64());

        var current = await editor.PatchJson($"/v1/sources/{source.Id()}", new { name = "Second edit" }, ifMatch: "\"2\"");

        var second = await current.AssertJson(HttpStatusCode.OK);
        Assert.Equal("Second edit", second.GetProperty("name").GetString());
        Assert.Equal("\"3\"", current.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task PatchingSourceWithInvalidFieldsNamesThemAndChangesNothing()
    {
        var editor = await api.Editor();
        var source = await Seed.Source(editor);

        var response = await editor.PatchJson($"/v1/sources/{source.Id()}", new
        {
            name = "   ",
            country = "ZZ",
            homepage = "javascript:alert(1)",
            aliases = new object[] { new { text = "ok", language = "en" }, new { text = " ", language = "not a tag" } },
        });

        await response.AssertValidationProblem("name", "country", "homepage", "aliases[1].text", "aliases[1].language");
        var read = await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(source.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task PatchingUnknownSourceReturnsNotFound()
    {
        var editor = await api.Editor();

        var response = await editor.PatchJson("/v1/sources/987654321", new { name = "Nobody" });

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingUnusedSourceRemovesIt()
    {
        var editor = await api.Editor();
        var tag = Tag();
        var source = await Seed.Source(editor, $"Doomed {tag}", aliases: new[] { new { text = $"doomed alias {tag}", language = "en" } });

        var response = await editor.Delete($"/v1/sources/{source.Id()}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(await ListIds($"/v1/sources?q={tag}"));
        await (await editor.Delete($"/v1/sources/{source.Id()}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingSourceWithStaleIfMatchReturnsPreconditionFailed()
    {
        var editor = await api.Editor();
        var source = await Seed.Source(editor);
        await (await editor.PatchJson($"/v1/sources/{source.Id()}", new { name = "Edited" })).AssertJson(HttpStatusCode.OK);

        var stale = await editor.Delete($"/v1/sources/{source.Id()}", ifMatch: "\"1\"");

        await stale.AssertProblem(HttpStatusCode.PreconditionFailed);
        await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);

        var current = await editor.Delete($"/v1/sources/{source.Id()}", ifMatch: "\"2\"");

        Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
        await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("speaker")]
    [InlineData("via")]
    [InlineData("publisher")]
    [InlineData("citation")]
    public async Task DeletingSourceStillInUseReturnsConflict(string use)
    {
        var editor = await api.Editor();
        var source = await Seed.Source(editor);
        var other = await Seed.Source(editor);
        switch (use)
        {
            case "speaker":
                await Seed.Claim(editor, source.Id());
                break;
            case "via":
                await Seed.Claim(editor, other.Id(), via: [source.Id()]);
                break;
            case "publisher":
                await Seed.Article(editor, publisherId: source.Id());
                break;
            case "citation":
                await Seed.Article(editor, publisherId: other.Id(), citations: new[] { new { sourceId = source.Id(), role = "quotes" } });
                break;
        }

        var response = await editor.Delete($"/v1/sources/{source.Id()}");

        var problem = await response.AssertProblem(HttpStatusCode.Conflict);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        var read = await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(source.GetRawText(), read.GetRawText());
    }

    private async Task<List<long>> ListIds(string url)
    {
        var page = await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Select(s => s.Id())];
    }

    private static List<string?> AliasTexts(JsonElement source) =>
        [.. source.GetProperty("aliases").EnumerateArray().Select(a => a.GetProperty("text").GetString())];

    /// <summary>A Latin word no other test uses, to isolate a list by q.</summary>
    private static string Tag() => $"t{Guid.NewGuid():N}";

    /// <summary>An Arabic word no other test uses, written only with letters folding leaves alone.</summary>
    private static string ArabicTag()
    {
        const string letters = "بتثجحخدذرزسشصضطظ";
        return string.Concat(Guid.NewGuid().ToString("N").Select(c => letters[Convert.ToInt32(c.ToString(), 16)]));
    }
}
