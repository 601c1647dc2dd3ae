using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Credibility;

public sealed class BeliefTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task TrustedSourceIsBelievedOverUntrustedOneOnTheSameSubject()
    {
        var editor = await api.Editor();
        var trusted = (await Seed.Source(editor)).Id();
        var untrusted = (await Seed.Source(editor)).Id();
        for (var i = 0; i < 4; i++)
        {
            await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, trusted)).Id(), "true");
            await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, untrusted)).Id(), "false");
        }
        var subject = NewSubject();
        var good = (await Seed.Claim(editor, trusted, subject: subject, quantity: new { value = 100, unit = "people" })).Id();
        var bad = (await Seed.Claim(editor, untrusted, subject: subject, quantity: new { value = 500, unit = "people" })).Id();

        var view = await Subject(subject);

        var (believed, doubted) = (ClaimBelief(view, good), ClaimBelief(view, bad));
        // Trust starts at Beta(1 + 4, 1) = 5/6 against Beta(1, 1 + 4) = 1/6; far-apart values share belief 1.
        Assert.True(believed > 0.7, $"trusted claim's belief {believed}");
        Assert.True(doubted < 0.3, $"untrusted claim's belief {doubted}");
        Assert.Equal(1.0, believed + doubted, 3);
        Assert.Equal(100, view.GetProperty("estimate").GetProperty("value").GetDouble());
        Assert.Equal("people", view.GetProperty("estimate").GetProperty("unit").GetString());
        Assert.True(GroupBelief(view, good) > GroupBelief(view, bad));
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("computedAt").ValueKind);
    }

    [Fact]
    public async Task RelaysCountForLessThanSpeakersBecauseTheyOnlyPassTheClaimOn()
    {
        var editor = await api.Editor();
        var subject = NewSubject();
        var first = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 100, unit = "troops" })).Id();
        await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 100, unit = "troops" });
        // Three sources on one path, but two of them are relays: 1 − ½·¾·⅞ ≈ 0.67 against 1 − ½·½ = 0.75 for two speakers.
        var relayed = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject,
            via: [(await Seed.Source(editor)).Id(), (await Seed.Source(editor)).Id()], quantity: new { value = 900, unit = "troops" })).Id();

        var view = await Subject(subject);

        Assert.True(ClaimBelief(view, first) > ClaimBelief(view, relayed),
            $"two speakers {ClaimBelief(view, first)} against one speaker and two relays {ClaimBelief(view, relayed)}");
        Assert.Equal(100, view.GetProperty("estimate").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task WhoCitesAnAnonymousSourceOwnsTheClaimLikeASpeaker()
    {
        var editor = await api.Editor();
        var subject = NewSubject();
        var unnamed = (await Seed.Source(editor, kind: "anonymous")).Id();
        var cited = (await Seed.Claim(editor, unnamed, subject: subject, via: [(await Seed.Source(editor)).Id()],
            quantity: new { value = 100, unit = "troops" })).Id();
        var spoken = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 900, unit = "troops" })).Id();

        var view = await Subject(subject);

        // The relay stands where a speaker would (weight 1) and the unnamed sources add nothing:
        // two unknown sources at full weight, one per value, split the belief evenly.
        Assert.Equal(ClaimBelief(view, spoken), ClaimBelief(view, cited), 3);
        Assert.Equal(0.5, ClaimBelief(view, cited), 2);
    }

    [Fact]
    public async Task CloseValuesLendEachOtherSupportAgainstALargerGroupFarAway()
    {
        var editor = await api.Editor();
        var subject = NewSubject();
        var close = new List<long>();
        foreach (var value in new[] { 100, 101, 102 })
        {
            close.Add((await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value, unit = "people" })).Id());
        }
        var far = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 500, unit = "people" })).Id();
        await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 500, unit = "people" });

        var view = await Subject(subject);

        // A majority vote picks 500 (two claims); 100, 101 and 102 support each other, 101 most.
        Assert.Equal(101, view.GetProperty("estimate").GetProperty("value").GetDouble());
        Assert.True(ClaimBelief(view, close[1]) > ClaimBelief(view, far));
        Assert.True(ClaimBelief(view, close[1]) > ClaimBelief(view, close[0]));
        Assert.True(ClaimBelief(view, close[1]) > ClaimBelief(view, close[2]));
        Assert.True(GroupBelief(view, close[0]) > GroupBelief(view, far));
    }

    [Fact]
    public async Task RatedClaimsKeepNullBeliefAndTheirVerdictWeighsOnTheirCompetitors()
    {
        var editor = await api.Editor();
        var subject = NewSubject();
        var rated = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 2000, unit = "troops" })).Id();
        var open = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 7000, unit = "troops" })).Id();
        await CredibilityTests.Verdict(editor, rated, "mostly-true");
        await Seed.Relation(editor, open, rated, "contradicts");

        var view = await Subject(subject);

        Assert.Equal(JsonValueKind.Null, Claim(view, rated).GetProperty("belief").ValueKind);
        // The rated claim counts with its verdict's truth, 0.75: its vote is −ln(1 − 0.75) = ln 4.
        // The open one votes −ln(1 − t) with its speaker's trust t (2,000 and 7,000 do not agree, so
        // neither lends the other support); the softmax gives it (1/(1 − t)) / (4 + 1/(1 − t)) =
        // 1 / (1 + 4(1 − t)). The contradiction also sets the two on opposite sides of a chain, where
        // the same votes give the same belief; the mean of the two is that belief. The speaker's trust
        // takes that belief b as evidence on the Beta(1, 1) prior: t = (1 + b) / 3. Near 0.26.
        var (t, expected) = (0.5, 0.0);
        for (var round = 0; round < 50; round++)
        {
            expected = 1 / (1 + (4 * (1 - t)));
            t = (1 + expected) / 3;
        }
        var belief = ClaimBelief(view, open);
        Assert.Equal(expected, belief, tolerance: 1e-5);
        Assert.Equal(2000, view.GetProperty("estimate").GetProperty("value").GetDouble());

        var chain = await (await api.Anonymous().GetAsync($"/v1/claims/{open}/chain")).AssertJson(HttpStatusCode.OK);
        var nodes = chain.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Id());
        Assert.Equal(JsonValueKind.Null, nodes[rated].GetProperty("belief").ValueKind);
        Assert.Equal(belief, nodes[open].GetProperty("belief").GetDouble(), 6);

        var claim = await (await api.Anonymous().GetAsync($"/v1/claims/{open}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(belief, claim.GetProperty("belief").GetDouble(), 6);
        var ratedClaim = await (await api.Anonymous().GetAsync($"/v1/claims/{rated}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, ratedClaim.GetProperty("belief").ValueKind);
    }

    [Fact]
    public async Task StanceGroupsShareBeliefAndHaveNoEstimate()
    {
        var editor = await api.Editor();
        var subject = NewSubject();
        var asserts = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject)).Id();
        var denies = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, stance: "denies")).Id();

        var view = await Subject(subject);

        // Two unknown sources, one on each side: an even split.
        Assert.Equal(0.5, ClaimBelief(view, asserts), 6);
        Assert.Equal(0.5, ClaimBelief(view, denies), 6);
        Assert.Equal(0.5, GroupBelief(view, asserts), 6);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("estimate").ValueKind);
    }

    [Fact]
    public async Task DenialOfAClaimSupportedByReliableSourcesIsBelievedLessThanTheClaim()
    {
        var editor = await api.Editor();
        var reliable = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            reliable.Add(await ReliableSource(editor));
        }
        // No subject: only the chain sets these claims against each other.
        var claim = (await Seed.Claim(editor, reliable[0])).Id();
        await Seed.Relation(editor, (await Seed.Claim(editor, reliable[1])).Id(), claim, "supports");
        await Seed.Relation(editor, (await Seed.Claim(editor, reliable[2])).Id(), claim, "corroborates");
        var denial = (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), stance: "denies")).Id();
        await Seed.Relation(editor, denial, claim, "denies");

        var (believed, doubted) = (await BeliefOf(claim), await BeliefOf(denial));

        // Three sources at trust 5/6 on the claim's side against one unknown source (1/2) on the other.
        Assert.True(doubted < 0.5, $"denial's belief {doubted}");
        Assert.True(believed > doubted + 0.25, $"claim {believed} against its denial {doubted}");
        var chain = await (await api.Anonymous().GetAsync($"/v1/claims/{denial}/chain")).AssertJson(HttpStatusCode.OK);
        var nodes = chain.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Id());
        Assert.Equal(doubted, nodes[denial].GetProperty("belief").GetDouble(), 6);
        Assert.Equal(believed, nodes[claim].GetProperty("belief").GetDouble(), 6);
        var contradictions = await (await api.Anonymous().GetAsync("/v1/contradictions?limit=500")).AssertJson(HttpStatusCode.OK);
        var contradiction = contradictions.GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("from").Id() == denial && c.GetProperty("to").Id() == claim);
        Assert.Equal(doubted, contradiction.GetProperty("from").GetProperty("belief").GetDouble(), 6);
        Assert.Equal(believed, contradiction.GetProperty("to").GetProperty("belief").GetDouble(), 6);
    }

    [Fact]
    public async Task SupportingRelationsRaiseBeliefAndOpposingOnesLowerIt()
    {
        var editor = await api.Editor();
        var alone = (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id();
        var supported = (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id();
        await Seed.Relation(editor, (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id(), supported, "supports");
        var opposed = (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id();
        await Seed.Relation(editor, (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id(), opposed, "contradicts");

        // Unknown sources (trust 1/2) throughout: alone, a claim keeps its speaker's trust.
        Assert.Equal(0.5, await BeliefOf(alone), 6);
        Assert.True(await BeliefOf(supported) > 0.5);
        Assert.Equal(0.5, await BeliefOf(opposed), 6);
        await Seed.Relation(editor, (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id(), opposed, "refutes");
        Assert.True(await BeliefOf(opposed) < 0.5);
    }

    [Fact]
    public async Task BeliefsOnListsAndSearchEqualThoseOnTheClaim()
    {
        var editor = await api.Editor();
        var subject = NewSubject();
        var word = $"zq{Guid.NewGuid():N}"[..12];
        var trusted = await ReliableSource(editor);
        var ids = new List<long>
        {
            (await Seed.Claim(editor, trusted, text: $"{word} one hundred", subject: subject, quantity: new { value = 100, unit = "people" })).Id(),
            (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), text: $"{word} five hundred", subject: subject, quantity: new { value = 500, unit = "people" })).Id(),
            (await Seed.Claim(editor, (await Seed.Source(editor)).Id(), text: $"{word} denied", subject: subject, stance: "denies")).Id(),
        };
        var rated = (await Seed.Claim(editor, trusted, text: $"{word} rated", subject: subject)).Id();
        await CredibilityTests.Verdict(editor, rated, "mostly-true");
        await Seed.Relation(editor, ids[2], ids[0], "denies");

        await Beliefs.Claim(api.Anonymous(), ids[0]);
        var listed = await (await api.Anonymous().GetAsync($"/v1/claims?subject={subject}")).AssertJson(HttpStatusCode.OK);
        var found = await (await api.Anonymous().GetAsync($"/v1/claims?q={word}")).AssertJson(HttpStatusCode.OK);

        foreach (var page in new[] { listed, found })
        {
            var items = page.GetProperty("items").EnumerateArray().ToDictionary(c => c.Id());
            Assert.Equal(4, items.Count);
            foreach (var id in ids)
            {
                var single = await (await api.Anonymous().GetAsync($"/v1/claims/{id}")).AssertJson(HttpStatusCode.OK);
                Assert.Equal(JsonValueKind.Number, items[id].GetProperty("belief").ValueKind);
                Assert.Equal(single.GetProperty("belief").GetDouble(), items[id].GetProperty("belief").GetDouble(), 9);
            }
            // A rated claim keeps its verdict: its status, and no belief of its own.
            Assert.Equal("mostly-true", items[rated].GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, items[rated].GetProperty("belief").ValueKind);
        }
    }

    [Fact]
    public async Task BeliefsNeverChangeCredibilityScores()
    {
        var editor = await api.Editor();
        var (speaker, rival) = (await ReliableSource(editor), await ReliableSource(editor));
        var before = await Score(speaker);
        var rivalBefore = await Score(rival);

        // Unrated claims that lose (a lone low value against two agreeing ones, a denial of a
        // claim with reliable support) and win: beliefs move, scores must not.
        var subject = NewSubject();
        var lone = (await Seed.Claim(editor, speaker, subject: subject, quantity: new { value = 1, unit = "people" })).Id();
        await Seed.Claim(editor, rival, subject: subject, quantity: new { value = 900, unit = "people" });
        await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, quantity: new { value = 900, unit = "people" });
        var denial = (await Seed.Claim(editor, speaker, stance: "denies")).Id();
        var denied = (await Seed.Claim(editor, rival)).Id();
        await Seed.Relation(editor, denial, denied, "denies");
        await Seed.Relation(editor, (await Seed.Claim(editor, (await Seed.Source(editor)).Id())).Id(), denied, "supports");
        Assert.True(await BeliefOf(lone) < 0.5);
        Assert.True(await BeliefOf(denial) < await BeliefOf(denied));

        Assert.Equal(before, await Score(speaker));
        Assert.Equal(rivalBefore, await Score(rival));
    }

    /// <summary>A source with four true verdicts: credibility Beta(1 + 4, 1), a trust of 5/6.</summary>
    private static async Task<long> ReliableSource(HttpClient editor)
    {
        var source = (await Seed.Source(editor)).Id();
        for (var i = 0; i < 4; i++)
        {
            await CredibilityTests.Verdict(editor, (await Seed.Claim(editor, source)).Id(), "true");
        }
        return source;
    }

    /// <summary>A claim's belief once the beliefs reflect every write made before the call.</summary>
    private async Task<double> BeliefOf(long claim) =>
        (await Beliefs.Claim(api.Anonymous(), claim)).GetProperty("belief").GetDouble();

    private async Task<string> Score(long source) =>
        (await (await api.Anonymous().GetAsync($"/v1/sources/{source}/credibility")).AssertJson(HttpStatusCode.OK)).ToString();

    private static string NewSubject() => $"beliefs-{Guid.NewGuid():N}";

    /// <summary>A subject view once its beliefs reflect every write made before the call.</summary>
    private Task<JsonElement> Subject(string subject) => Beliefs.Subject(api.Anonymous(), subject);

    private static JsonElement Group(JsonElement view, long claim) =>
        view.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("claims").EnumerateArray().Any(c => c.Id() == claim));

    private static JsonElement Claim(JsonElement view, long claim) =>
        Group(view, claim).GetProperty("claims").EnumerateArray().Single(c => c.Id() == claim);

    private static double ClaimBelief(JsonElement view, long claim) => Claim(view, claim).GetProperty("belief").GetDouble();

    private static double GroupBelief(JsonElement view, long claim) => Group(view, claim).GetProperty("belief").GetDouble();
}
