using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Credibility;

/// <summary>
/// Topics: stored folded on claims, and a source's score on one topic shrunk toward its overall
/// score (prior Beta(1, 1), topic prior strength k = 8, the defaults), checked by hand.
/// </summary>
public sealed class TopicTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const double k = 8;

    [Fact]
    public async Task ASourceIsScoredOnEachTopicShrunkTowardItsOverallScore()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor, kind: "person")).Id();
        for (var i = 0; i < 4; i++)
        {
            await Rated(editor, speaker, "true", "Troop numbers");
        }
        await Rated(editor, speaker, "false", "diplomacy", "Iran");
        await Rated(editor, speaker, "false", "Diplomacy");

        // Overall: 4 true, 2 false: Beta(5, 3), s = .625; each topic starts from Beta(.625·8, .375·8) = Beta(5, 3).
        var overall = await Get($"/v1/sources/{speaker}/credibility");
        Assert.Equal(0.625, overall.GetProperty("score").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, overall.GetProperty("topic").ValueKind);
        var topics = overall.GetProperty("topics").EnumerateArray().ToDictionary(t => t.GetProperty("topic").GetString()!);
        Assert.Equal(["troop-numbers", "diplomacy", "iran"], overall.GetProperty("topics").EnumerateArray().Select(t => t.GetProperty("topic").GetString()));
        Assert.Equal(4, topics["troop-numbers"].GetProperty("claims").GetInt32());
        Assert.Equal(2, topics["diplomacy"].GetProperty("weight").GetDouble(), 12);

        // Troop numbers: 4 true more, Beta(9, 3): .75, named as asked but folded.
        var troops = await Get($"/v1/sources/{speaker}/credibility?topic=Troop%20Numbers");
        Assert.Equal("troop-numbers", troops.GetProperty("topic").GetString());
        Assert.Equal(0.75, troops.GetProperty("score").GetDouble(), 12);
        Assert.Equal(0.75, topics["troop-numbers"].GetProperty("score").GetDouble(), 12);
        Assert.Equal(4, troops.GetProperty("evidence").GetProperty("weight").GetDouble(), 12);
        Assert.Equal(4, troops.GetProperty("evidence").GetProperty("claims").GetInt32());
        Assert.Equal("scored", troops.GetProperty("status").GetString());
        var contributions = troops.GetProperty("contributions").EnumerateArray().ToList();
        Assert.Equal(5, contributions.Count);
        var prior = contributions[0];
        Assert.Equal("prior", prior.GetProperty("kind").GetString());
        Assert.Equal(0.625, prior.GetProperty("truth").GetDouble(), 12);
        Assert.Equal(k, prior.GetProperty("weight").GetDouble(), 12);
        Assert.Equal("topic", prior.GetProperty("prior").GetProperty("basis").GetString());
        Assert.Equal("troop-numbers", prior.GetProperty("prior").GetProperty("topic").GetString());
        Assert.Equal(5, prior.GetProperty("prior").GetProperty("alpha").GetDouble(), 12);
        Assert.Equal(6, prior.GetProperty("prior").GetProperty("basisWeight").GetDouble(), 12);

        // Diplomacy: 2 false more, Beta(5, 5): .5, below the overall score where troop numbers is above it.
        var diplomacy = await Get($"/v1/sources/{speaker}/credibility?topic=diplomacy");
        Assert.Equal(0.5, diplomacy.GetProperty("score").GetDouble(), 12);
        Assert.Equal("insufficient-evidence", diplomacy.GetProperty("status").GetString());

        // A topic none of its claims carries: the overall score, with no evidence.
        var economy = await Get($"/v1/sources/{speaker}/credibility?topic=economy");
        Assert.Equal(0.625, economy.GetProperty("score").GetDouble(), 12);
        Assert.Equal(0, economy.GetProperty("evidence").GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task TopicsAreStoredFoldedListedAndReplaced()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var created = await (await editor.PostJson("/v1/claims", new
        {
            text = "Claim with topics",
            speakerId = speaker,
            topics = new[] { $"Troop_Numbers {tag}", $"troop numbers {tag}", "الدبلوماسيّة" },
        })).AssertJson(HttpStatusCode.Created);
        var stored = created.GetProperty("topics").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(2, stored.Count);
        Assert.Equal($"troop-numbers-{tag}", stored[0]);
        await Seed.Claim(editor, speaker);

        var listed = await Get($"/v1/claims?topic={Uri.EscapeDataString($"TROOP NUMBERS {tag}")}");
        Assert.Equal(created.Id(), Assert.Single(listed.GetProperty("items").EnumerateArray()).Id());
        Assert.Empty((await Get($"/v1/claims?topic=nothing-{tag}")).GetProperty("items").EnumerateArray());
        // Arabic folded as names are: the shadda dropped, ة and ه alike.
        foreach (var spelling in new[] { "الدبلوماسية", "الدبلوماسيه" })
        {
            var arabic = await Get($"/v1/claims?topic={Uri.EscapeDataString(spelling)}&sourceId={speaker}");
            Assert.Equal(created.Id(), Assert.Single(arabic.GetProperty("items").EnumerateArray()).Id());
        }

        var cleared = await (await editor.PatchJson($"/v1/claims/{created.Id()}", new { topics = Array.Empty<string>() })).AssertJson(HttpStatusCode.OK);
        Assert.Empty(cleared.GetProperty("topics").EnumerateArray());
        var kept = await (await editor.PatchJson($"/v1/claims/{created.Id()}", new { text = "Claim with topics, edited" })).AssertJson(HttpStatusCode.OK);
        Assert.Empty(kept.GetProperty("topics").EnumerateArray());
        var replaced = await (await editor.PatchJson($"/v1/claims/{created.Id()}", new { topics = new[] { "Economy" } })).AssertJson(HttpStatusCode.OK);
        Assert.Equal(["economy"], replaced.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Empty((await Get($"/v1/claims?topic={Uri.EscapeDataString($"troop numbers {tag}")}")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ImportedClaimsCarryTheirTopics()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var line = JsonSerializer.Serialize(new { entity = "claim", @ref = "c", data = new { text = "Imported", speakerId = speaker, topics = new[] { "Diplomacy" } } }, HttpAssertions.Json);
        var bad = JsonSerializer.Serialize(new { entity = "claim", data = new { text = "Imported", speakerId = speaker, topics = new[] { "a/b" } } }, HttpAssertions.Json);
        using var content = new StringContent(line + "\n" + bad + "\n", Encoding.UTF8, "application/x-ndjson");
        var body = await (await editor.PostAsync("/v1/imports/ndjson", content)).AssertJson(HttpStatusCode.OK);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Contains("data.topics", Assert.Single(body.GetProperty("rejected").EnumerateArray()).GetProperty("reason").GetString(), StringComparison.Ordinal);
        var claim = await Get($"/v1/claims/{body.GetProperty("refs")[0].Id()}");
        Assert.Equal(["diplomacy"], claim.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("a|b|c|d|e|f")]
    [InlineData("troops/diplomacy")]
    [InlineData("   ")]
    [InlineData("--")]
    [InlineData("an exceedingly long topic that goes past fifty characters")]
    public async Task BadTopicsAreRefusedNamingTopics(string given)
    {
        var topics = given.Split('|');
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        await (await editor.PostJson("/v1/claims", new { text = "Bad topics", speakerId = speaker, topics })).AssertValidationProblem("topics");
        var claim = (await Seed.Claim(editor, speaker)).Id();
        await (await editor.PatchJson($"/v1/claims/{claim}", new { topics })).AssertValidationProblem("topics");
    }

    [Theory]
    [InlineData("/v1/claims?topic=a%2Fb", "topic")]
    [InlineData("/v1/claims?topic=%20", "topic")]
    [InlineData("/v1/sources/1/credibility?topic=a%3Bb", "topic")]
    [InlineData("/v1/sources/1/credibility?topic=an%20exceedingly%20long%20topic%20that%20goes%20past%20fifty%20characters", "topic")]
    public async Task BadTopicQueriesNameTheField(string url, string field) =>
        await (await api.Anonymous().GetAsync(url)).AssertValidationProblem(field);

    private static async Task Rated(HttpClient editor, long speaker, string rating, params string[] topics)
    {
        var claim = await (await editor.PostJson("/v1/claims", new { text = $"Claim {Guid.NewGuid():N}", speakerId = speaker, topics }))
            .AssertJson(HttpStatusCode.Created);
        await CredibilityTests.Verdict(editor, claim.Id(), rating);
    }

    private async Task<JsonElement> Get(string url) => await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);
}
