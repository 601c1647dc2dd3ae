using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using Dapper;

namespace CredibilityApi.Tests.Chains;

/// <summary>
/// Relays and relations read at start-up are held in compact arrays, changes after it beside them:
/// after a restart, chains and provenance must answer exactly as before, and later changes must
/// replace what was loaded.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly string database = ApiFactory.NewDatabasePath();

    [Fact]
    public async Task LoadedRelaysAndRelationsAnswerAsWrittenAndGiveWayToLaterChanges()
    {
        long speaker, first, second, third, plain, changed, emptied, denial, support, dropped;
        string chainBefore;
        using (var before = ApiFactory.Over(database))
        {
            var editor = await before.Editor();
            speaker = (await Seed.Source(editor, name: "وكالة تسنيم")).Id();
            (first, second, third) = ((await Seed.Source(editor, name: "Bloomberg")).Id(), (await Seed.Source(editor, name: "ISNA")).Id(),
                (await Seed.Source(editor, name: "نهرين نت")).Id());
            plain = (await Seed.Claim(editor, speaker)).Id();
            changed = (await Seed.Claim(editor, speaker, via: [third, first, second])).Id();
            emptied = (await Seed.Claim(editor, speaker, via: [second])).Id();
            denial = (await Seed.Claim(editor, speaker, stance: "denies", via: [first])).Id();
            support = (await Seed.Claim(editor, speaker)).Id();
            await Seed.Relation(editor, denial, changed, "denies");
            await Seed.Relation(editor, changed, support, "supports");
            dropped = (await Seed.Relation(editor, plain, changed, "contradicts")).Id();
            chainBefore = await SettledChain(before, changed);
        }

        using var after = ApiFactory.Over(database);
        Assert.Equal(chainBefore, await SettledChain(after, changed));
        Assert.Equal(["وكالة تسنيم", "نهرين نت", "Bloomberg", "ISNA"], await Hops(after, changed));
        Assert.Equal(["وكالة تسنيم", "ISNA"], await Hops(after, emptied));
        Assert.Equal(["وكالة تسنيم"], await Hops(after, plain));
        var loaded = await Chain(after, changed);
        Assert.Equal(Sorted([(denial, changed, "denies"), (changed, support, "supports"), (plain, changed, "contradicts")]), Edges(loaded));
        Assert.Equal(new[] { denial, plain }.Order(), Ids(loaded.GetProperty("sides"), "against"));

        var admin = after.Admin();
        (await admin.PatchJson($"/v1/claims/{changed}", new { via = new[] { second } })).EnsureSuccessStatusCode();
        (await admin.PatchJson($"/v1/claims/{emptied}", new { via = Array.Empty<long>() })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/relations/{dropped}")).StatusCode);
        await Seed.Relation(admin, support, emptied, "denies");

        Assert.Equal(["وكالة تسنيم", "ISNA"], await Hops(after, changed));
        Assert.Equal(["وكالة تسنيم"], await Hops(after, emptied));
        Assert.Equal(["وكالة تسنيم", "Bloomberg"], await Hops(after, denial));
        var later = await Chain(after, changed);
        Assert.Equal(Sorted([(denial, changed, "denies"), (changed, support, "supports"), (support, emptied, "denies")]), Edges(later));
        Assert.Equal(new[] { denial, emptied }.Order(), Ids(later.GetProperty("sides"), "against"));
        Assert.DoesNotContain(plain, later.GetProperty("nodes").EnumerateArray().Select(n => n.Id()));
    }

    [Fact]
    public async Task RelaysLoadedForManyClaimsAndMoreThanAByteCountsStayWithTheirClaims()
    {
        string speakerName;
        string[] relayNames;
        var written = new List<(long Claim, string[] Via)>();
        long wide;
        using (var before = ApiFactory.Over(database))
        {
            var editor = await before.Editor();
            speakerName = $"وكالة {Guid.NewGuid():N}";
            var speaker = (await Seed.Source(editor, name: speakerName)).Id();
            var relays = new List<(long Id, string Name)>();
            for (var i = 0; i < 300; i++)
            {
                var name = $"Relay {i} {Guid.NewGuid():N}";
                relays.Add(((await Seed.Source(editor, name: name)).Id(), name));
            }
            relayNames = [.. relays.Select(r => r.Name)];
            // Claims on both sides of the one whose relays outgrow a byte, across several blocks of ids.
            for (var i = 0; i < 40; i++)
            {
                if (i == 20)
                {
                    wide = (await Seed.Claim(editor, speaker)).Id();
                    written.Add((wide, []));
                }
                var via = relays.Skip(i % 7).Take(i % 4).ToArray();
                written.Add(((await Seed.Claim(editor, speaker, via: [.. via.Select(v => v.Id)])).Id(), [.. via.Select(v => v.Name)]));
            }
        }
        wide = written[20].Claim;
        // 300 relays on one claim, more than the API takes (20), written straight to the store.
        using (var connection = TestStore.Open(database))
        {
            var ids = connection.Query<long>("SELECT id FROM sources WHERE name LIKE 'Relay %' ORDER BY id").ToList();
            for (var position = 0; position < ids.Count; position++)
            {
                connection.Execute("INSERT INTO claim_via (claim_id, position, source_id) VALUES (@wide, @position, @source)",
                    new { wide, position = (long)position, source = ids[position] });
            }
        }

        using var after = ApiFactory.Over(database);
        // The belief pass takes the wide claim in too (it would fail, and beliefs never show).
        await Beliefs.Claim(after.Anonymous(), wide);
        string[] expected = [speakerName, .. relayNames];
        Assert.Equal(expected, await Hops(after, wide));
        foreach (var (claim, via) in written.Where(w => w.Claim != wide))
        {
            expected = [speakerName, .. via];
            Assert.Equal(expected, await Hops(after, claim));
        }
    }

    [Fact]
    public async Task LoadedRelationsOfAClaimWithHundredsStayWithTheirClaims()
    {
        var expected = new Dictionary<long, (long, long, string)[]>();
        long hub;
        using (var before = ApiFactory.Over(database))
        {
            var editor = await before.Editor();
            var speaker = (await Seed.Source(editor)).Id();
            var claims = new List<long>();
            for (var i = 0; i < 40; i++)
            {
                claims.Add((await Seed.Claim(editor, speaker)).Id());
            }
            hub = claims[20];
            // More relations than a byte counts on one claim, with its neighbours by id related too.
            var edges = new List<(long From, long To, string Type)>();
            for (var i = 0; i < 300; i++)
            {
                var other = (await Seed.Claim(editor, speaker)).Id();
                var type = i % 3 == 0 ? "denies" : "supports";
                await Seed.Relation(editor, other, hub, type);
                edges.Add((other, hub, type));
            }
            for (var i = 0; i + 1 < claims.Count; i += 2)
            {
                if (claims[i] != hub && claims[i + 1] != hub)
                {
                    await Seed.Relation(editor, claims[i], claims[i + 1], "contradicts");
                    expected[claims[i]] = [(claims[i], claims[i + 1], "contradicts")];
                }
            }
            expected[hub] = [.. edges];
        }

        using var after = ApiFactory.Over(database);
        foreach (var (claim, edges) in expected)
        {
            var chain = await (await after.Anonymous().GetAsync($"/v1/claims/{claim}/chain?depth=1")).AssertJson(HttpStatusCode.OK);
            Assert.Equal(Sorted(edges), Edges(chain));
        }
    }

    public void Dispose() => ApiFactory.DeleteDatabase(database);

    private static async Task<JsonElement> Chain(ApiFactory api, long claim) =>
        await (await api.Anonymous().GetAsync($"/v1/claims/{claim}/chain?depth=8")).AssertJson(HttpStatusCode.OK);

    /// <summary>The chain once its beliefs reflect every write, without the moment they are as of (which a restart moves).</summary>
    private static async Task<string> SettledChain(ApiFactory api, long claim)
    {
        var chain = System.Text.Json.Nodes.JsonNode.Parse(
            (await Beliefs.ReadFresh(api.Anonymous(), $"/v1/claims/{claim}/chain?depth=8", "beliefsComputedAt")).GetRawText())!.AsObject();
        Assert.True(chain.Remove("beliefsComputedAt"));
        return chain.ToJsonString();
    }

    private static async Task<string[]> Hops(ApiFactory api, long claim) =>
        [.. (await (await api.Anonymous().GetAsync($"/v1/claims/{claim}/provenance")).AssertJson(HttpStatusCode.OK))
            .GetProperty("hops").EnumerateArray().Select(h => h.GetProperty("source").GetProperty("name").GetString()!)];

    private static (long From, long To, string Type)[] Edges(JsonElement chain) =>
        Sorted(chain.GetProperty("edges").EnumerateArray()
            .Select(e => (e.GetProperty("fromClaimId").GetInt64(), e.GetProperty("toClaimId").GetInt64(), e.GetProperty("type").GetString()!)));

    private static (long From, long To, string Type)[] Sorted(IEnumerable<(long From, long To, string Type)> edges) =>
        [.. edges.OrderBy(e => e.From).ThenBy(e => e.To)];

    private static long[] Ids(JsonElement sides, string side) => [.. sides.GetProperty(side).EnumerateArray().Select(e => e.GetInt64()).Order()];
}
