using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Chains;

/// <summary>
/// Large subjects: counts are true, a capped answer says so, suggestions weigh every claim on the
/// subject, and beliefs over thousands of distinct values are computed (the pass is linear in them).
/// </summary>
public sealed class SubjectCapsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int ListedClaims = 5_000;

    [Fact]
    public async Task ASubjectWithFifteenThousandDistinctValuesAnswersItsTrueCountItsFirstGroupsAndBeliefs()
    {
        const int values = 15_000;
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var subject = $"crowded-{Guid.NewGuid():N}";
        var imported = await Import(editor, Enumerable.Range(1, values).Select(v => Claim(null, speaker, subject, v)));
        Assert.Equal(values, imported.GetProperty("accepted").GetInt32());

        var view = await Beliefs.Subject(api.Anonymous(), subject);

        Assert.Equal(values, view.GetProperty("claimCount").GetInt32());
        Assert.True(view.GetProperty("truncated").GetBoolean());
        // Groups are built from the first 5,000 claims (values 1 to 5,000): a value joins the group
        // while within 10% of its smallest value.
        var expected = new List<(double Min, double Max, int Count)>();
        for (var v = 1; v <= ListedClaims; v++)
        {
            if (expected.Count > 0 && v - expected[^1].Min <= 0.10 * v)
            {
                expected[^1] = (expected[^1].Min, v, expected[^1].Count + 1);
            }
            else
            {
                expected.Add((v, v, 1));
            }
        }
        var groups = view.GetProperty("groups").EnumerateArray()
            .Select(g => (Min: g.GetProperty("quantity").GetProperty("min").GetDouble(), Max: g.GetProperty("quantity").GetProperty("max").GetDouble(),
                Count: g.GetProperty("claims").GetArrayLength()))
            .OrderBy(g => g.Min)
            .ToList();
        Assert.Equal(expected, groups);
        var claims = view.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("claims").EnumerateArray()).ToList();
        Assert.Equal(ListedClaims, claims.Count);
        Assert.All(claims, c => Assert.Equal(JsonValueKind.Number, c.GetProperty("belief").ValueKind));
        var estimate = view.GetProperty("estimate");
        Assert.Equal("people", estimate.GetProperty("unit").GetString());
        Assert.InRange(estimate.GetProperty("value").GetDouble(), 1, values);
    }

    [Fact]
    public async Task ASubjectWithinTheCapIsNotTruncated()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var subject = $"small-{Guid.NewGuid():N}";
        await Seed.Claim(editor, speaker, subject: subject, quantity: new { value = 7, unit = "people" });

        var view = await (await api.Anonymous().GetAsync($"/v1/subjects/{subject}")).AssertJson(HttpStatusCode.OK);

        Assert.Equal(1, view.GetProperty("claimCount").GetInt32());
        Assert.False(view.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task SuggestionsWeighEveryClaimOnTheSubjectAndSayWhenTheListIsCut()
    {
        // 5,500 claims that agree with the first (nothing to suggest), then a conflicting value and
        // a denial: both beyond the first 5,000 candidates.
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var subject = $"suggest-many-{Guid.NewGuid():N}";
        var lines = Enumerable.Range(0, 5_501).Select(i => Claim(i == 0 ? "c0" : null, speaker, subject, 100)).ToList();
        lines.Add(Claim("far", speaker, subject, 900));
        lines.Add(Line("claim", "denial", new { text = "No such thing", speakerId = speaker, subject, stance = "denies" }));
        var ids = Refs(await Import(editor, lines));

        var suggestions = await (await api.Anonymous().GetAsync($"/v1/claims/{ids["c0"]}/suggestions")).AssertJson(HttpStatusCode.OK);

        Assert.Equal([ids["denial"], ids["far"]], suggestions.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("claimId").GetInt64()));
        Assert.False(suggestions.GetProperty("truncated").GetBoolean());

        // 60 more conflicting values: the best 50 are listed, and the answer says there are more.
        await Import(editor, Enumerable.Range(0, 60).Select(i => Claim(null, speaker, subject, 1_000 + i)));
        var cut = await (await api.Anonymous().GetAsync($"/v1/claims/{ids["c0"]}/suggestions")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(50, cut.GetProperty("items").GetArrayLength());
        Assert.True(cut.GetProperty("truncated").GetBoolean());
        Assert.Equal(ids["denial"], cut.GetProperty("items")[0].GetProperty("claimId").GetInt64());
    }

    private static string Claim(string? name, long speaker, string subject, double value) =>
        Line("claim", name, new { text = $"Claim of {value}", speakerId = speaker, subject, quantity = new { value, unit = "people" } });

    private static string Line(string entity, string? name, object data) =>
        JsonSerializer.Serialize(new { entity, @ref = name, data }, HttpAssertions.Json);

    private static async Task<JsonElement> Import(HttpClient editor, IEnumerable<string> lines)
    {
        var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        var body = await (await editor.PostAsync("/v1/imports/ndjson", content)).AssertJson(HttpStatusCode.OK);
        Assert.Empty(body.GetProperty("rejected").EnumerateArray());
        return body;
    }

    private static Dictionary<string, long> Refs(JsonElement imported) =>
        imported.GetProperty("refs").EnumerateArray().ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());
}
