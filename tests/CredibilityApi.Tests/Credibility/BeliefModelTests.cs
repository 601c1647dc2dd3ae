using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Credibility;

/// <summary>
/// The belief model as the README publishes it, checked against beliefs computed by hand: a claim
/// of confidence c votes −ln(1 − c), rival options take the softmax of their votes, and each
/// source's trust is the mean of its Beta posterior over the beliefs of its claims. Every source
/// here is new and has one claim on the subject, so its trust is (1 + b) / 3 on the Beta(1, 1) prior
/// (b its claim's belief), or (a + b) / (a + β + 1) after verdicts gave it Beta(a, β).
/// </summary>
public sealed class BeliefModelTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task TwentyTwoAgreeingSourcesAgainstTwoOfEqualStandingGiveABeliefAboveNinetyPercent()
    {
        var editor = await api.Editor();
        var subject = Unique.Subject("calibration");
        var agreeing = new List<long>();
        for (var i = 0; i < 22; i++)
        {
            agreeing.Add((await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 100, unit = "people" })).Id());
        }
        var rivals = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            rivals.Add((await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 900, unit = "people" })).Id());
        }

        var view = await Beliefs.Subject(api.Anonymous(), subject);

        // 100 and 900 do not agree, so neither lends the other support. With trust t and u:
        // scores 22·(−ln(1 − t)) and 2·(−ln(1 − u)), belief b = 1 / (1 + (1 − t)^22 / (1 − u)^2);
        // then t = (1 + b) / 3 and u = (1 + (1 − b)) / 3. From t = u = ½ the first round already gives
        // 1 / (1 + 2^−20); at the fixed point t ≈ ⅔, u ≈ ⅓ and b = 1 − 3^−22·(3/2)^2 ≈ 1.
        var (t, u, expected) = (0.5, 0.5, 0.0);
        for (var round = 0; round < 50; round++)
        {
            expected = 1 / (1 + (Math.Pow(1 - t, 22) / Math.Pow(1 - u, 2)));
            (t, u) = ((1 + expected) / 3, (1 + (1 - expected)) / 3);
        }
        var believed = ClaimBelief(view, agreeing[0]);
        Assert.True(believed > 0.99, $"22 against 2: {believed}");
        Assert.Equal(expected, believed, tolerance: 1e-5);
        Assert.Equal(1 - expected, ClaimBelief(view, rivals[0]), tolerance: 1e-5);
        Assert.Equal(1.0, GroupBeliefs(view).Sum(), 5);
        Assert.Equal(100, view.GetProperty("estimate").GetProperty("value").GetDouble());
        Assert.Equal(expected, view.GetProperty("estimate").GetProperty("belief").GetDouble(), tolerance: 1e-5);
    }

    [Fact]
    public async Task OneReliableSourceOutweighsThreeUnreliableOnesAndTheBeliefIsTheHandComputedOne()
    {
        var editor = await api.Editor();
        var reliable = await Rated(editor, "true");
        var subject = Unique.Subject("reliable");
        var good = (await Seed.Claim(editor, reliable, subject: subject, quantity: new { value = 100, unit = "people" })).Id();
        var bad = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            bad.Add((await Seed.Claim(editor, await Rated(editor, "false"), subject: subject, quantity: new { value = 500, unit = "people" })).Id());
        }

        var view = await Beliefs.Subject(api.Anonymous(), subject);

        // Four true verdicts: Beta(5, 1), trust 5/6; four false ones: Beta(1, 5), trust 1/6. Scores
        // −ln(1 − t) against 3·(−ln(1 − u)): at the start ln 6 = 1.79 against 3·ln(6/5) = 0.55, so
        // b = 1 / (1 + e^(0.55 − 1.79)) = 0.78. Then t = (5 + b) / 7 and u = (1 + (1 − b)) / 7.
        var (t, u, expected) = (5.0 / 6, 1.0 / 6, 0.0);
        for (var round = 0; round < 50; round++)
        {
            expected = 1 / (1 + (Math.Pow(1 - t, 1) / Math.Pow(1 - u, 3)));
            (t, u) = ((5 + expected) / 7, (1 + (1 - expected)) / 7);
        }
        var believed = ClaimBelief(view, good);
        Assert.True(believed > 0.5, $"one reliable source against three unreliable ones: {believed}");
        Assert.Equal(expected, believed, tolerance: 1e-5);
        Assert.All(bad, b => Assert.Equal(1 - expected, ClaimBelief(view, b), tolerance: 1e-5));
        Assert.Equal(100, view.GetProperty("estimate").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task AnOddCycleOfContradictionsStillCompetesEveryPositionAgainstEveryOther()
    {
        var editor = await api.Editor();
        // Three rival answers with no subject, each contradicting the others: an odd cycle, so no two
        // consistent sides. One answer has two supporters.
        var a = (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id();
        for (var i = 0; i < 2; i++)
        {
            await Seed.Relation(editor, (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id(), a, "supports");
        }
        var b = (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id();
        var c = (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id();
        await Seed.Relation(editor, b, a, "contradicts");
        await Seed.Relation(editor, c, b, "contradicts");
        await Seed.Relation(editor, a, c, "contradicts");

        // Positions: {a and its two supporters}, {b}, {c}. With trust t on a's side and u on b's and
        // c's: scores 3·(−ln(1 − t)) and −ln(1 − u) each; belief in a's position
        // B = 1 / (1 + 2·(1 − t)^3 / (1 − u)), in b's (and c's) (1 − B) / 2; t = (1 + B) / 3, u = (1 + (1 − B) / 2) / 3.
        var (t, u, expected) = (0.5, 0.5, 0.0);
        for (var round = 0; round < 50; round++)
        {
            expected = 1 / (1 + (2 * Math.Pow(1 - t, 3) / (1 - u)));
            (t, u) = ((1 + expected) / 3, (1 + ((1 - expected) / 2)) / 3);
        }
        var (believed, rival, other) = (await BeliefOf(a), await BeliefOf(b), await BeliefOf(c));
        Assert.Equal(expected, believed, tolerance: 1e-5);
        Assert.Equal((1 - expected) / 2, rival, tolerance: 1e-5);
        Assert.Equal(1.0, believed + rival + other, 5);
    }

    /// <summary>A new source with four verdicts of one rating on claims of its own.</summary>
    private static async Task<long> Rated(HttpClient editor, string rating)
    {
        var source = (await Seed.Source(editor)).Id();
        for (var i = 0; i < 4; i++)
        {
            await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, source)).Id(), rating);
        }
        return source;
    }

    private async Task<double> BeliefOf(long claim) =>
        (await Beliefs.Claim(api.Anonymous(), claim)).GetProperty("belief").GetDouble();

    private static IEnumerable<double> GroupBeliefs(JsonElement view) =>
        view.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("belief").GetDouble());

    private static double ClaimBelief(JsonElement view, long claim) =>
        view.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("claims").EnumerateArray())
            .Single(c => c.Id() == claim).GetProperty("belief").GetDouble();
}
