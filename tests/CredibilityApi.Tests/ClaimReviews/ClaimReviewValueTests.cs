using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.ClaimReviews;

/// <summary>
/// A ClaimReview carries the claim's categorical value (itemReviewed.value) and its topics (schema.org keywords, on the
/// review or on itemReviewed): both land on the claim, a stored claim is completed and never contradicted, and hostile
/// input is a 400 naming the field with nothing written, never a keyword dropped.
/// </summary>
public sealed class ClaimReviewValueTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Import = "/v1/imports/claimreview";

    [Fact]
    public async Task AReviewsValueAndKeywordsBecomeTheClaimsValueAndTopicsAndAreExported()
    {
        var editor = await api.Editor();
        var review = Review();
        review["keywords"] = "Troop numbers, Syria ,";
        review["itemReviewed"]!["value"] = "  Jaysh al-Islam ";
        review["itemReviewed"]!["keywords"] = new JsonArray("syria", new JsonObject { ["@type"] = "DefinedTerm", ["name"] = "Air_strikes" });

        var item = Single(await (await Post(editor, review)).AssertJson(HttpStatusCode.OK));

        var claim = await (await editor.GetAsync($"/v1/claims/{item.ClaimId}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("Jaysh al-Islam", claim.GetProperty("value").GetString());
        Assert.Equal(["troop-numbers", "syria", "air-strikes"], Strings(claim.GetProperty("topics")));

        var exported = await (await editor.GetAsync($"/v1/claims/{item.ClaimId}/claimreview")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("Jaysh al-Islam", exported.GetProperty("itemReviewed").GetProperty("value").GetString());
        Assert.Equal(["troop-numbers", "syria", "air-strikes"], Strings(exported.GetProperty("keywords")));

        // The export imported again (as another desk's copy) gives back the same value and topics.
        var copy = JsonNode.Parse(exported.GetRawText())!.AsObject();
        copy["url"] = $"https://example.org/copy/{Guid.NewGuid():N}";
        copy["itemReviewed"]!["author"]!["name"] = $"Other speaker {Guid.NewGuid():N}";
        var copied = Single(await (await Post(editor, copy)).AssertJson(HttpStatusCode.OK));
        Assert.NotEqual(item.ClaimId, copied.ClaimId);
        var again = await (await editor.GetAsync($"/v1/claims/{copied.ClaimId}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("Jaysh al-Islam", again.GetProperty("value").GetString());
        Assert.Equal(["troop-numbers", "syria", "air-strikes"], Strings(again.GetProperty("topics")));
    }

    [Fact]
    public async Task AReviewWithoutValueOrKeywordsExportsNullAndNone()
    {
        var editor = await api.Editor();
        var item = Single(await (await Post(editor, Review())).AssertJson(HttpStatusCode.OK));
        var exported = await (await editor.GetAsync($"/v1/claims/{item.ClaimId}/claimreview")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, exported.GetProperty("itemReviewed").GetProperty("value").ValueKind);
        Assert.Empty(exported.GetProperty("keywords").EnumerateArray());
    }

    public static TheoryData<string, string> HostileReviews => new()
    {
        { "six keywords in a string", "keywords" },
        { "six keywords in an array", "keywords" },
        { "too many array items", "keywords" },
        { "three and three distinct keywords in both places", "keywords|itemReviewed.keywords" },
        { "a keyword too long in a string", "keywords" },
        { "a keyword too long in an array", "keywords[1]" },
        { "a keyword with punctuation", "keywords" },
        { "a blank keyword in an array", "keywords[0]" },
        { "keywords as a number", "keywords" },
        { "keywords as an object", "keywords" },
        { "a keyword as a number", "keywords[0]" },
        { "a DefinedTerm without a name", "keywords[0]" },
        { "a keywords string too long", "keywords" },
        { "a value over 500 characters", "itemReviewed.value" },
        { "a value as a number", "itemReviewed.value" },
        { "a value as an array", "itemReviewed.value" },
        { "a value with a control character", "itemReviewed.value" },
        { "a value on the review itself", "value" },
        { "itemReviewed keywords too long", "itemReviewed.keywords[0]" },
    };

    [Theory]
    [MemberData(nameof(HostileReviews))]
    public async Task HostileValuesAndKeywordsAreRefusedNamingTheFieldAndNothingIsWritten(string fault, string fields)
    {
        var editor = await api.Editor();
        var review = Review();
        Break(review, fault);

        var problem = await (await Post(editor, review)).AssertValidationProblem(fields.Split('|'));
        Assert.Equal("application/problem+json", (await Post(editor, review)).Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(problem.GetProperty("errors").EnumerateObject().First().Value.EnumerateArray());

        // Nothing was written: the same review without the fault is created, not found unchanged.
        var fixedReview = Review(review["url"]!.GetValue<string>(), review["itemReviewed"]!["author"]!["name"]!.GetValue<string>());
        Assert.Equal("created", Single(await (await Post(editor, fixedReview)).AssertJson(HttpStatusCode.OK)).Status);
    }

    [Fact]
    public async Task AFaultInTheSecondReviewIsNamedByItsPath()
    {
        var editor = await api.Editor();
        var second = Review();
        second["itemReviewed"]!["value"] = new string('x', 501);
        second["keywords"] = new JsonArray("ok", "not ok!");
        await (await Post(editor, new JsonArray(Review(), second))).AssertValidationProblem("[1].itemReviewed.value", "[1].keywords[1]");
    }

    [Fact]
    public async Task AStoredClaimIsCompletedWithTheValueAndKeywordsButNeverContradicted()
    {
        var editor = await api.Editor();
        var speaker = $"Stored speaker {Guid.NewGuid():N}";
        var speakerId = (await Seed.Source(editor, name: speaker, kind: "person")).Id();
        var text = $"The strike was carried out by Jaysh al-Islam {Guid.NewGuid():N}";
        var stored = await (await editor.PostJson("/v1/claims", new { text, speakerId, topics = new[] { "military", "syria" } })).AssertJson(HttpStatusCode.Created);

        var review = Review(speaker: speaker, text: text);
        review["itemReviewed"]!["value"] = "Jaysh al-Islam";
        review["keywords"] = "Syria, Air strikes";
        var item = Single(await (await Post(editor, review)).AssertJson(HttpStatusCode.OK));
        Assert.Equal(stored.Id(), item.ClaimId);
        var claim = await (await editor.GetAsync($"/v1/claims/{stored.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("Jaysh al-Islam", claim.GetProperty("value").GetString());
        Assert.Equal(["military", "syria", "air-strikes"], Strings(claim.GetProperty("topics")));
        Assert.Equal(2, claim.GetProperty("version").GetInt64());

        // The same value once folded agrees and changes nothing.
        var same = Review(speaker: speaker, text: text);
        same["itemReviewed"]!["value"] = "JAYSH AL ISLAM.";
        Assert.Equal(stored.Id(), Single(await (await Post(editor, same)).AssertJson(HttpStatusCode.OK)).ClaimId);

        // A different value, a value where another review of the document disagrees, and more than five topics are refused.
        var other = Review(speaker: speaker, text: text);
        other["itemReviewed"]!["value"] = "ISIS";
        var problem = await (await Post(editor, other)).AssertValidationProblem("itemReviewed.value");
        Assert.Contains($"claim {stored.Id()}", problem.GetProperty("errors").GetProperty("itemReviewed.value")[0].GetString(), StringComparison.Ordinal);
        var crowded = Review(speaker: speaker, text: text);
        crowded["itemReviewed"]!["keywords"] = new JsonArray("a1", "a2", "a3");
        await (await Post(editor, crowded)).AssertValidationProblem("itemReviewed.keywords");

        var after = await (await editor.GetAsync($"/v1/claims/{stored.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("Jaysh al-Islam", after.GetProperty("value").GetString());
        Assert.Equal(["military", "syria", "air-strikes"], Strings(after.GetProperty("topics")));
        var verdicts = await (await editor.GetAsync($"/v1/claims/{stored.Id()}/verdicts")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, verdicts.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AValueOnAStoredClaimStatingAQuantityIsRefused()
    {
        var editor = await api.Editor();
        var speaker = $"Counting speaker {Guid.NewGuid():N}";
        var speakerId = (await Seed.Source(editor, name: speaker, kind: "person")).Id();
        var text = $"2,000 troops remain {Guid.NewGuid():N}";
        (await editor.PostJson("/v1/claims", new { text, speakerId, quantity = new { value = 2000, unit = "troops" } })).EnsureSuccessStatusCode();
        var review = Review(speaker: speaker, text: text);
        review["itemReviewed"]!["value"] = "2000";
        await (await Post(editor, review)).AssertValidationProblem("itemReviewed.value");
    }

    [Fact]
    public async Task ReviewsOfOneNewClaimInOneDocumentShareItsValueAndTopicsOrAreRefusedTogether()
    {
        var editor = await api.Editor();
        var speaker = $"New speaker {Guid.NewGuid():N}";
        var text = $"He is alive {Guid.NewGuid():N}";
        var first = Review(speaker: speaker, text: text);
        first["keywords"] = "health";
        var second = Review(speaker: speaker, text: text);
        second["itemReviewed"]!["value"] = "alive";
        second["keywords"] = new JsonArray("Health", "rumours");

        var answer = await (await Post(editor, new JsonArray(first, second))).AssertJson(HttpStatusCode.OK);
        var items = answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("claimId").GetInt64()).Distinct().ToArray();
        var claim = await (await editor.GetAsync($"/v1/claims/{Assert.Single(items)}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("alive", claim.GetProperty("value").GetString());
        Assert.Equal(["health", "rumours"], Strings(claim.GetProperty("topics")));

        var text2 = $"He is dead {Guid.NewGuid():N}";
        var agrees = Review(speaker: speaker, text: text2);
        agrees["itemReviewed"]!["value"] = "dead";
        var differs = Review(speaker: speaker, text: text2);
        differs["itemReviewed"]!["value"] = "alive";
        await (await Post(editor, new JsonArray(agrees, differs))).AssertValidationProblem("[1].itemReviewed.value");
        Assert.Equal("created", Single(await (await Post(editor, Review(agrees["url"]!.GetValue<string>(), speaker, text2)))
            .AssertJson(HttpStatusCode.OK)).Status);
    }

    private static void Break(JsonObject review, string fault)
    {
        var claim = review["itemReviewed"]!.AsObject();
        switch (fault)
        {
            case "six keywords in a string":
                review["keywords"] = "one, two, three, four, five, six";
                break;
            case "six keywords in an array":
                review["keywords"] = new JsonArray("one", "two", "three", "four", "five", "six");
                break;
            case "too many array items":
                review["keywords"] = new JsonArray([.. Enumerable.Range(0, 51).Select(_ => (JsonNode?)"same")]);
                break;
            case "three and three distinct keywords in both places":
                review["keywords"] = "one, two, three";
                claim["keywords"] = new JsonArray("four", "five", "six");
                break;
            case "a keyword too long in a string":
                review["keywords"] = $"fine, {new string('k', 51)}";
                break;
            case "a keyword too long in an array":
                review["keywords"] = new JsonArray("fine", new string('k', 51));
                break;
            case "a keyword with punctuation":
                review["keywords"] = "troops; diplomacy";
                break;
            case "a blank keyword in an array":
                review["keywords"] = new JsonArray(" ", "fine");
                break;
            case "keywords as a number":
                review["keywords"] = 5;
                break;
            case "keywords as an object":
                review["keywords"] = new JsonObject { ["name"] = "military" };
                break;
            case "a keyword as a number":
                review["keywords"] = new JsonArray(5);
                break;
            case "a DefinedTerm without a name":
                review["keywords"] = new JsonArray(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "x" });
                break;
            case "a keywords string too long":
                review["keywords"] = string.Join(",", Enumerable.Repeat("k", 1_001));
                break;
            case "a value over 500 characters":
                claim["value"] = new string('v', 501);
                break;
            case "a value as a number":
                claim["value"] = 3;
                break;
            case "a value as an array":
                claim["value"] = new JsonArray("Jaysh al-Islam");
                break;
            case "a value with a control character":
                claim["value"] = "Jaysh\u0007al-Islam";
                break;
            case "a value on the review itself":
                review["value"] = "Jaysh al-Islam";
                break;
            case "itemReviewed keywords too long":
                claim["keywords"] = new JsonArray(new string('k', 51));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }

    private static JsonObject Review(string? url = null, string? speaker = null, string? text = null) => new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "ClaimReview",
        ["url"] = url ?? $"https://example.org/value/{Guid.NewGuid():N}",
        ["claimReviewed"] = text ?? $"Jaysh al-Islam carried out the strike {Guid.NewGuid():N}",
        ["datePublished"] = "2015-11-05",
        ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Misbar" },
        ["reviewRating"] = new JsonObject { ["@type"] = "Rating", ["alternateName"] = "False" },
        ["itemReviewed"] = new JsonObject
        {
            ["@type"] = "Claim",
            ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = speaker ?? $"Speaker {Guid.NewGuid():N}" },
        },
    };

    private static (long ClaimId, string Status) Single(JsonElement answer)
    {
        var item = Assert.Single(answer.GetProperty("items").EnumerateArray());
        return (item.GetProperty("claimId").GetInt64(), item.GetProperty("status").GetString()!);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static Task<HttpResponseMessage> Post(HttpClient client, JsonNode body) =>
        client.PostAsync(Import, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/ld+json"));
}
