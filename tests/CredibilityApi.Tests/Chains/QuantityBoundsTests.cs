using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Chains;

/// <summary>
/// Quantities the arithmetic cannot carry (|value| above 1e15) are refused on every write path,
/// and every score computed from the ones accepted is a finite number in [0, 1].
/// </summary>
public sealed class QuantityBoundsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("1e308")]
    [InlineData("-1e308")]
    [InlineData("1000000000000001")]
    public async Task QuantitiesBeyondTheLargestMagnitudeAreRefusedOnCreateAndPatch(string value)
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var json = $$$"""{"text": "Too many", "speakerId": {{{speaker}}}, "quantity": {"value": {{{value}}}, "unit": "troops"}}""";

        var created = await editor.PostAsync("/v1/claims", new StringContent(json, Encoding.UTF8, "application/json"));
        await created.AssertValidationProblem("quantity.value");

        var claim = (await Seed.Claim(editor, speaker, quantity: new { value = 2000, unit = "troops" })).Id();
        var patch = $$$"""{"quantity": {"value": {{{value}}}, "unit": "troops"}}""";
        var patched = await editor.PatchAsync($"/v1/claims/{claim}", new StringContent(patch, Encoding.UTF8, "application/json"));
        await patched.AssertValidationProblem("quantity.value");
        var stored = await (await editor.GetAsync($"/v1/claims/{claim}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2000, stored.GetProperty("quantity").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task AnNdjsonLineWithAnOverlargeQuantityIsRejectedAndTheRestImported()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var subject = $"bounds-{Guid.NewGuid():N}";
        string Line(string name, double value) => JsonSerializer.Serialize(new
        {
            entity = "claim",
            @ref = name,
            data = new { text = $"Claim {name}", speakerId = speaker, subject, quantity = new { value, unit = "troops" } },
        });
        var body = string.Join("\n", Line("a", 1e15), Line("b", -1e308), Line("c", -1e15)) + "\n";

        var response = await editor.PostAsync("/v1/imports/ndjson", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        var result = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(result.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("line").GetInt32());
        Assert.Contains("quantity.value", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestionsBetweenTheLargestAllowedValuesAreFiniteScoresWithinZeroAndOne()
    {
        var editor = await api.Editor();
        var speaker = (await Seed.Source(editor)).Id();
        var subject = $"bounds-{Guid.NewGuid():N}";
        var top = (await Seed.Claim(editor, speaker, subject: subject, quantity: new { value = 1e15, unit = "usd" })).Id();
        var bottom = (await Seed.Claim(editor, speaker, subject: subject, quantity: new { value = -1e15, unit = "usd" })).Id();
        var small = (await Seed.Claim(editor, speaker, subject: subject, quantity: new { value = 1e-300, unit = "usd" })).Id();

        foreach (var claim in new[] { top, bottom, small })
        {
            var suggestions = await (await api.Anonymous().GetAsync($"/v1/claims/{claim}/suggestions")).AssertJson(HttpStatusCode.OK);
            var items = suggestions.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, items.Count);
            Assert.All(items, i =>
            {
                var score = i.GetProperty("score").GetDouble();
                Assert.True(double.IsFinite(score) && score is >= 0 and <= 1, $"score {score}");
            });
        }
        var view = await (await api.Anonymous().GetAsync($"/v1/subjects/{subject}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(3, view.GetProperty("claimCount").GetInt32());
    }
}
