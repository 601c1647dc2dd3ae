using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Text;
using Xunit.Abstractions;

namespace CredibilityApi.Tests.Extraction;

/// <summary>
/// The worked example of issue 16: with the demo loaded, the corpus page's import proposes the nine claims
/// the page reports (speaker, relays, stance, words, number) and the denial and refutation between them.
/// </summary>
public sealed class CorpusExtractionTests(DemoApi demo, ITestOutputHelper output) : IClassFixture<DemoApi>
{
    private const string DryRun = "/v1/articles/import?dryRun=true";

    /// <summary>Speaker (a known name, or "anonymous:" and words its name holds), the relay chains allowed, stance, words, number.</summary>
    private static readonly (string Speaker, string[][] Via, string Stance, string Words, double? Number)[] Expected =
    [
        ("Hossein Amir-Abdollahian", [[], ["ISNA"]], "denies", "خلافات", null),
        ("anonymous:intelligence", [[]], "asserts", "سحب قوات النخبة", null),
        ("anonymous:US officials", [["Bloomberg"]], "asserts", "سحب قواتها", null),
        ("anonymous:US officials", [["Bloomberg"]], "asserts", "انسحابات", null),
        ("anonymous:تقارير|reports", [[], ["Bloomberg"]], "asserts", "7000", 7000),
        ("Gen. Joseph Dunford", [["Bloomberg"]], "asserts", "2000", 2000),
        ("anonymous:European", [["Nahrain Net", "Tasnim News Agency"]], "asserts", "زار موسكو", null),
        ("Nahrain Net", [["Tasnim News Agency"], []], "asserts", "بحفاوة", null),
        ("anonymous:European", [["Nahrain Net", "Tasnim News Agency"]], "asserts", "تكذيباً", null),
    ];

    [Fact]
    public async Task TheCorpusPageProposesItsNineClaimsTheDenialAndTheRefutation()
    {
        var analysis = await (await (await demo.Api.Editor()).PostText(DryRun, Texts.CorpusPage)).AssertJson(HttpStatusCode.OK);
        var body = analysis.GetProperty("body").GetString()!;
        var claims = analysis.GetProperty("claims").EnumerateArray().ToList();
        foreach (var c in claims)
        {
            output.WriteLine($"{c.GetProperty("speaker").GetProperty("name")} < {string.Join(" < ", c.GetProperty("via").EnumerateArray().Select(v => v.GetProperty("name").GetString()))} {c.GetProperty("stance")} {c.GetProperty("quantity")}: {c.GetProperty("text")}");
        }

        var found = new int[Expected.Length];
        for (var e = 0; e < Expected.Length; e++)
        {
            found[e] = claims.FindIndex(c => Matches(Expected[e], c));
            Assert.True(found[e] >= 0, $"no proposal for expected claim {e + 1}: {Expected[e].Speaker}, {Expected[e].Words}");
        }
        foreach (var claim in claims)
        {
            var (start, end) = (claim.GetProperty("start").GetInt32(), claim.GetProperty("end").GetInt32());
            Assert.Equal(claim.GetProperty("text").GetString(), body[start..end]);
            // Nothing from the related-articles list (the import cuts the body before it).
            Assert.DoesNotContain("مرهف", claim.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        var relations = analysis.GetProperty("relations").EnumerateArray()
            .Select(r => (From: r.GetProperty("from").GetInt32(), To: r.GetProperty("to").GetInt32(), Type: r.GetProperty("type").GetString()))
            .ToList();
        Assert.Contains((found[0], found[1], "denies"), relations);
        var refuted = Assert.Single(relations, r => r.From == found[8] && r.Type == "refutes").To;
        Assert.Contains("إصابة", claims[refuted].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static bool Matches((string Speaker, string[][] Via, string Stance, string Words, double? Number) expected, JsonElement claim)
    {
        var speaker = claim.GetProperty("speaker");
        var name = speaker.GetProperty("name").GetString()!;
        var speakerMatches = expected.Speaker.StartsWith("anonymous:", StringComparison.Ordinal)
            ? speaker.GetProperty("kind").GetString() == "anonymous"
              && expected.Speaker["anonymous:".Length..].Split('|').Any(w => TextFold.Fold(name).Contains(TextFold.Fold(w), StringComparison.Ordinal))
            : speaker.GetProperty("kind").GetString() != "anonymous" && speaker.GetProperty("sourceId").ValueKind == JsonValueKind.Number
              && name == expected.Speaker;
        var via = claim.GetProperty("via").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToArray();
        var quantity = claim.GetProperty("quantity");
        return speakerMatches
            && expected.Via.Any(chain => chain.SequenceEqual(via))
            && claim.GetProperty("stance").GetString() == expected.Stance
            && claim.GetProperty("text").GetString()!.Contains(expected.Words, StringComparison.Ordinal)
            && (expected.Number is not { } number
                || quantity.ValueKind == JsonValueKind.Object && quantity.GetProperty("value").GetDouble() == number);
    }
}
