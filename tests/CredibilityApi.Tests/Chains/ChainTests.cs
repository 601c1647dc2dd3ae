using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Chains;

public sealed class ChainTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ClaimWithoutRelationsIsAChainOfItself()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var claim = await Seed.Claim(editor, speaker.Id());

        var chain = await Chain(claim.Id());

        Assert.Equal(claim.Id(), chain.GetProperty("root").GetInt64());
        Assert.Equal(4, chain.GetProperty("depth").GetInt32());
        var node = Assert.Single(chain.GetProperty("nodes").EnumerateArray());
        Assert.Equal(0, node.GetProperty("distance").GetInt32());
        Assert.Equal("with", node.GetProperty("side").GetString());
        Assert.Equal(speaker.Id(), node.GetProperty("speakerId").GetInt64());
        Assert.Equal([speaker.Id()], node.GetProperty("attribution").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(speaker.Id(), Assert.Single(chain.GetProperty("sources").EnumerateArray()).Id());
        Assert.Empty(chain.GetProperty("edges").EnumerateArray());
        Assert.Empty(chain.GetProperty("paths").EnumerateArray());
        Assert.Equal([claim.Id()], Ids(chain.GetProperty("sides"), "with"));
    }

    [Fact]
    public async Task RelationsAreWalkedInBothDirectionsAndSidesFollowParity()
    {
        var (editor, c) = await Claims(4);
        await Seed.Relation(editor, c[1], c[0], "denies");       // 1 → 0: against
        await Seed.Relation(editor, c[0], c[2], "supports");     // 0 → 2: with (walked along)
        await Seed.Relation(editor, c[3], c[1], "contradicts");  // 3 → 1: against the denial, so with the root

        var chain = await Chain(c[0]);

        var sides = chain.GetProperty("sides");
        Assert.Equal(new[] { c[0], c[2], c[3] }.Order(), Ids(sides, "with"));
        Assert.Equal([c[1]], Ids(sides, "against"));
        Assert.Empty(Ids(sides, "conflicted"));
        var distances = chain.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Id(), n => n.GetProperty("distance").GetInt32());
        Assert.Equal(2, distances[c[3]]);
        var path = chain.GetProperty("paths").EnumerateArray().First();
        Assert.Equal([c[0], c[1]], path.GetProperty("claims").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(1, path.GetProperty("opposingEdges").GetInt32());
    }

    [Fact]
    public async Task DiamondWithBothParitiesIsConflicted()
    {
        var (editor, c) = await Claims(4);
        await Seed.Relation(editor, c[0], c[1], "supports");
        await Seed.Relation(editor, c[2], c[0], "denies");
        await Seed.Relation(editor, c[1], c[3], "corroborates");
        await Seed.Relation(editor, c[2], c[3], "supports");

        // Within two relations, c3 is reached through c1 (no opposing relation) and through c2 (one).
        var near = (await Chain(c[0], depth: 2)).GetProperty("sides");
        Assert.Equal([c[3]], Ids(near, "conflicted"));
        Assert.Equal(new[] { c[0], c[1] }.Order(), Ids(near, "with"));
        Assert.Equal([c[2]], Ids(near, "against"));

        // Further out, the way round the diamond reaches c1 and c2 with the other parity too.
        var far = (await Chain(c[0], depth: 4)).GetProperty("sides");
        Assert.Equal(new[] { c[1], c[2], c[3] }.Order(), Ids(far, "conflicted"));
        Assert.Equal([c[0]], Ids(far, "with"));
        Assert.Empty(Ids(far, "against"));
    }

    [Fact]
    public async Task CyclesNeverRevisitAClaim()
    {
        var (editor, c) = await Claims(3);
        await Seed.Relation(editor, c[0], c[1], "supports");
        await Seed.Relation(editor, c[1], c[2], "supports");
        await Seed.Relation(editor, c[2], c[0], "supports");

        var chain = await Chain(c[0], depth: 8);

        Assert.Equal(3, chain.GetProperty("nodes").GetArrayLength());
        Assert.Equal(3, chain.GetProperty("edges").GetArrayLength());
        Assert.Equal(new[] { c[0], c[1], c[2] }.Order(), Ids(chain.GetProperty("sides"), "with"));
        Assert.Empty(chain.GetProperty("paths").EnumerateArray());
    }

    [Fact]
    public async Task DepthLimitsHowFarTheWalkGoes()
    {
        var (editor, c) = await Claims(6);
        for (var i = 0; i < 5; i++)
        {
            await Seed.Relation(editor, c[i + 1], c[i], "denies");
        }

        var shallow = await Chain(c[0], depth: 2);
        var deep = await Chain(c[0], depth: 8);

        Assert.Equal(new[] { c[0], c[1], c[2] }, shallow.GetProperty("nodes").EnumerateArray().Select(n => n.Id()));
        Assert.Equal(6, deep.GetProperty("nodes").GetArrayLength());
        // alternating denials: odd distances against the root, even ones with it
        Assert.Equal(new[] { c[0], c[2], c[4] }.Order(), Ids(deep.GetProperty("sides"), "with"));
        Assert.Equal(new[] { c[1], c[3], c[5] }.Order(), Ids(deep.GetProperty("sides"), "against"));
        var lengths = deep.GetProperty("paths").EnumerateArray().Select(p => p.GetProperty("claims").GetArrayLength()).ToList();
        Assert.Equal(lengths.Order(), lengths);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    [InlineData("deep")]
    public async Task DepthOutsideOneToEightIsAProblem(string depth)
    {
        var editor = await api.Editor();
        var claim = await Seed.Claim(editor, (await Seed.Source(editor)).Id());

        var response = await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}/chain?depth={depth}");

        await response.AssertValidationProblem("depth");
    }

    [Fact]
    public async Task DeletedRelationsLeaveTheChainAtOnce()
    {
        var (editor, c) = await Claims(2);
        var relation = await Seed.Relation(editor, c[1], c[0], "refutes");
        Assert.Equal(2, (await Chain(c[0])).GetProperty("nodes").GetArrayLength());

        (await editor.Delete($"/v1/relations/{relation.Id()}")).EnsureSuccessStatusCode();

        var chain = await Chain(c[0]);
        Assert.Equal(1, chain.GetProperty("nodes").GetArrayLength());
        Assert.Empty(chain.GetProperty("edges").EnumerateArray());
    }

    [Fact]
    public async Task UnknownClaimHasNoChain()
    {
        var response = await api.Anonymous().GetAsync("/v1/claims/987654321/chain");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    private async Task<(HttpClient Editor, long[] Claims)> Claims(int count)
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = (await Seed.Claim(editor, speaker.Id())).Id();
        }
        return (editor, ids);
    }

    private async Task<JsonElement> Chain(long id, int? depth = null) =>
        await (await api.Anonymous().GetAsync($"/v1/claims/{id}/chain{(depth is null ? "" : $"?depth={depth}")}"))
            .AssertJson(HttpStatusCode.OK);

    private static long[] Ids(JsonElement sides, string side) =>
        [.. sides.GetProperty(side).EnumerateArray().Select(x => x.GetInt64()).Order()];
}
