using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Http;

/// <summary>
/// The character rules of every text field: prose (claim text, titles, bodies, explanations, notes) takes
/// text as real pages give it, bidi marks, embeddings, isolates and C1 controls included; names and other
/// identifiers are one line with at least one letter or digit once folded; a bidi override or a C0 control
/// is refused everywhere, the refusal naming the code point and where it stands.
/// </summary>
public sealed class TextRulesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>Names that show nothing: marks, zero-width characters, tatweel or diacritics alone, the Hangul filler.</summary>
    public static TheoryData<string> InvisibleNames { get; } =
    [
        "\u200F", "\u200B", "\uFEFF", "\u0640\u0640\u0640", "\u064E\u0651\u0650", "\u3164", "\u200F \u2067\u0640\u2069 \u200E",
    ];

    [Theory]
    [MemberData(nameof(InvisibleNames))]
    public async Task NamesThatAreInvisibleOrFoldToNothingAreRefusedNamingTheField(string name)
    {
        var editor = await api.Editor();
        var source = (await Seed.Source(editor)).Id();
        var claim = (await Seed.Claim(editor, source)).Id();
        var escaped = Uri.EscapeDataString(name);

        await (await editor.PostJson("/v1/sources", new { name, kind = "outlet" })).AssertValidationProblem("name");
        await (await editor.PostJson("/v1/sources", new { name = "Visible", kind = "outlet", aliases = new[] { new { text = name } } }))
            .AssertValidationProblem("aliases[0].text");
        await (await editor.PatchJson($"/v1/sources/{source}", new { name })).AssertValidationProblem("name");
        await (await editor.GetAsync($"/v1/sources/resolve?name={escaped}")).AssertValidationProblem("name");
        await (await editor.PostJson("/v1/claims", new { text = "A claim", speakerId = source, subject = name })).AssertValidationProblem("subject");
        await (await editor.PatchJson($"/v1/claims/{claim}", new { subject = name })).AssertValidationProblem("subject");
        await (await editor.PostJson("/v1/claims", new { text = "A claim", speakerId = source, quantity = new { value = 2000, unit = name } }))
            .AssertValidationProblem("quantity.unit");
        await (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = name })).AssertValidationProblem("reviewer");
        await (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "false", reviewer = "Misbar", originalLabel = name }))
            .AssertValidationProblem("originalLabel");
        await (await api.Admin().PostJson("/v1/api-keys", new { name, role = "reader" })).AssertValidationProblem("name");
        await (await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = "عنوان", author = name })).AssertValidationProblem("author");
        // Required prose must show something too.
        await (await editor.PostJson("/v1/claims", new { text = name, speakerId = source })).AssertValidationProblem("text");
        await (await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = name })).AssertValidationProblem("title");
    }

    [Fact]
    public async Task NamesWithALetterOrDigitAmongMarksAreAccepted()
    {
        var editor = await api.Editor();

        var source = await Seed.Source(editor, $"\u200Fقناة {Unique.ArabicWord()}\u200F");
        var claim = await Seed.Claim(editor, source.Id(), subject: $"\u2066{Unique.Subject()}\u2069", quantity: new { value = 7, unit = "%" });

        Assert.StartsWith("\u200Fقناة", source.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("%", claim.GetProperty("quantity").GetProperty("unit").GetString());
    }

    [Fact]
    public async Task ArabicProseWithBidiMarksEmbeddingsIsolatesAndC1ControlsIsStoredAndReadBackExactly()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();

        var article = (await (await editor.PostJson("/v1/articles", new { url = Unique.Url(), title = MarkedText.Title, body = MarkedText.Body }))
            .AssertJson(HttpStatusCode.Created)).Id();
        var claim = (await (await editor.PostJson("/v1/claims", new { text = MarkedText.Claim, speakerId = speaker, articleId = article }))
            .AssertJson(HttpStatusCode.Created)).Id();
        var other = (await Seed.Claim(editor, speaker)).Id();
        var relation = (await (await editor.PostJson("/v1/relations", new { fromClaimId = other, toClaimId = claim, type = "contradicts", note = MarkedText.Note }))
            .AssertJson(HttpStatusCode.Created)).Id();
        var verdict = (await (await editor.PostJson($"/v1/claims/{claim}/verdicts", new { rating = "mostly-false", reviewer = "Misbar", explanation = MarkedText.Body }))
            .AssertJson(HttpStatusCode.Created)).Id();

        var readArticle = await (await editor.GetAsync($"/v1/articles/{article}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(MarkedText.Title, readArticle.GetProperty("title").GetString());
        Assert.Equal(MarkedText.Body, readArticle.GetProperty("body").GetString());
        var readClaim = await (await editor.GetAsync($"/v1/claims/{claim}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(MarkedText.Claim, readClaim.GetProperty("text").GetString());
        var readRelation = await (await editor.GetAsync($"/v1/relations/{relation}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(MarkedText.Note, readRelation.GetProperty("note").GetString());
        var readVerdict = await (await editor.GetAsync($"/v1/claims/{claim}/verdicts/{verdict}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(MarkedText.Body, readVerdict.GetProperty("explanation").GetString());
        var patched = await (await editor.PatchJson($"/v1/claims/{other}", new { text = MarkedText.Claim })).AssertJson(HttpStatusCode.OK);
        Assert.Equal(MarkedText.Claim, patched.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ImportedPageKeepsItsBidiMarksAndC1ControlsAsGiven()
    {
        var page = Texts.Page("ar-bidi-marks.txt");
        var start = page.IndexOf("\u202Bنفى", StringComparison.Ordinal);
        var end = page.IndexOf("(IRGC)\u200E", StringComparison.Ordinal) + "(IRGC)\u200E".Length;

        var response = await (await api.Editor()).PostText($"/v1/articles/import?url={Uri.EscapeDataString(Unique.Url())}", page);

        var created = await response.AssertJson(HttpStatusCode.Created);
        var read = await (await api.Anonymous().GetAsync($"/v1/articles/{created.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("\u200Fطهران تنفي وجود خلافات مع موسكو بخصوص سوريا", read.GetProperty("title").GetString());
        Assert.Equal(page[start..end], read.GetProperty("body").GetString());
    }

    [Fact]
    public async Task ABidiOverrideIsRefusedWithItsCodePointAndPosition()
    {
        var editor = await api.Editor();
        var source = (await Seed.Source(editor)).Id();

        var inProse = await (await editor.PostJson("/v1/claims", new { text = "abcde\u202Eevil", speakerId = source }))
            .AssertValidationProblem("text");
        var inName = await (await editor.PostJson("/v1/sources", new { name = "Bloomberg\u202Dx", kind = "outlet" }))
            .AssertValidationProblem("name");
        var inUrl = await (await editor.PostJson("/v1/articles", new { url = "https://example.org/\u202Egnp.exe", title = "x" }))
            .AssertValidationProblem("url");

        AssertNames(inProse, "text", "U+202E", "position 5");
        AssertNames(inName, "name", "U+202D", "position 9");
        AssertNames(inUrl, "url", "U+202E", "position 20");
    }

    [Fact]
    public async Task ControlsAreRefusedWithTheirCodePointAndPosition()
    {
        var editor = await api.Editor();
        var source = (await Seed.Source(editor)).Id();

        // C0 controls other than tab and line breaks are refused in prose; names take no control at all.
        var inProse = await (await editor.PostJson("/v1/claims", new { text = "ab\u0001", speakerId = source })).AssertValidationProblem("text");
        var lineBreak = await (await editor.PostJson("/v1/sources", new { name = "Blo\nomberg", kind = "outlet" })).AssertValidationProblem("name");
        var c1 = await (await editor.PostJson("/v1/sources", new { name = "Iran\u0092s", kind = "outlet" })).AssertValidationProblem("name");
        var alias = await (await editor.PostJson("/v1/sources", new { name = "Iran", kind = "outlet", aliases = new[] { new { text = "إيران\t" } } }))
            .AssertValidationProblem("aliases[0].text");

        AssertNames(inProse, "text", "U+0001", "position 2");
        AssertNames(lineBreak, "name", "U+000A", "position 3");
        AssertNames(c1, "name", "U+0092", "position 4");
        AssertNames(alias, "aliases[0].text", "U+0009", "position 5");
    }

    private static void AssertNames(JsonElement problem, string field, params string[] parts)
    {
        var message = string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
        foreach (var part in parts)
        {
            Assert.Contains(part, message, StringComparison.Ordinal);
        }
    }
}
