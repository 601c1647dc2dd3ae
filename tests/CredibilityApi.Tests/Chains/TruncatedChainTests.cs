using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Chains;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Chains;

/// <summary>
/// Chains around neighbourhoods too dense to walk whole. The walk spends its budget of simple
/// paths depth by depth and stops after the last depth that fits whole, so a truncated chain is
/// exactly the full chain to that depth. The expected answers are worked out here, by counting
/// and enumerating the simple paths of the imported graph independently of the service.
/// </summary>
public sealed class TruncatedChainTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Types = ["supports", "denies", "corroborates", "contradicts", "refutes"];

    [Theory]
    [InlineData(15)]
    [InlineData(40)]
    public async Task ADirectDenialIsNeverCrowdedOutByADenseClusterBehindASupport(int clusterSize)
    {
        // 0 is the root; 1..clusterSize a cluster where every claim relates to every other, 1 of
        // them supporting the root; then D denies the root, E supports D and F supports E.
        var (d, e, f) = (clusterSize + 1, clusterSize + 2, clusterSize + 3);
        var relations = new List<(int From, int To, string Type)> { (1, 0, "supports") };
        for (var i = 1; i <= clusterSize; i++)
        {
            for (var j = i + 1; j <= clusterSize; j++)
            {
                relations.Add((i, j, Types[(i + (2 * j)) % Types.Length]));
            }
        }
        relations.Add((d, 0, "denies"));
        relations.Add((e, d, "supports"));
        relations.Add((f, e, "supports"));
        var graph = await Import(f + 1, relations);
        var (root, support, denial, behindDenial) = (graph.Claims[0], graph.Claims[1], graph.Claims[d], graph.Claims[e]);

        for (var depth = 1; depth <= ChainQuery.MaxDepth; depth++)
        {
            var chain = await Chain(root, depth);

            var nodes = Nodes(chain);
            Assert.True(nodes.ContainsKey(denial), $"depth {depth}: the direct denial is missing from nodes");
            Assert.Equal((1, "against"), nodes[denial]);
            Assert.Contains(denial, Side(chain, "against"));
            Assert.Equal((1, "with"), nodes[support]);
            if (depth >= 2)
            {
                // nearer than most of the cluster, so never dropped for it
                Assert.Equal((2, "against"), nodes[behindDenial]);
            }
            AssertIsTheFullChainToItsCompleteDepth(graph, root, depth, chain);
        }
    }

    [Fact]
    public async Task OnACompleteGraphEveryClaimIsOneRelationAwayWithTheSideItsPathsGive()
    {
        const int size = 40;
        var relations = new List<(int From, int To, string Type)>();
        for (var i = 0; i < size; i++)
        {
            for (var j = i + 1; j < size; j++)
            {
                relations.Add((i, j, Types[((3 * i) + (7 * j)) % Types.Length]));
            }
        }
        var graph = await Import(size, relations);
        var root = graph.Claims[0];
        var distances = BreadthFirstDistances(graph, root);
        var opposedDirectly = graph.Edges.Where(x => x.Opposing && (x.From == root || x.To == root)).Select(x => x.Other(root)).ToHashSet();
        Assert.NotEmpty(opposedDirectly);

        for (var depth = 1; depth <= ChainQuery.MaxDepth; depth++)
        {
            var chain = await Chain(root, depth);

            var nodes = Nodes(chain);
            Assert.Equal(distances.Keys.Order(), nodes.Keys.Order());
            foreach (var (claim, (distance, side)) in nodes)
            {
                Assert.True(distances[claim] == distance, $"depth {depth}: claim {claim} at distance {distance}, not {distances[claim]}");
                Assert.False(opposedDirectly.Contains(claim) && side == "with", $"depth {depth}: claim {claim}, opposed by the root directly, is with it");
            }
            AssertIsTheFullChainToItsCompleteDepth(graph, root, depth, chain);
        }
    }

    [Fact]
    public async Task AChainThatFitsTheBudgetIsCompleteToItsDepth()
    {
        var graph = await Import(4, [(1, 0, "denies"), (2, 1, "supports"), (3, 2, "refutes"), (3, 0, "supports")]);

        var chain = await Chain(graph.Claims[0], 8);

        Assert.False(chain.GetProperty("truncated").GetBoolean());
        Assert.Equal(8, chain.GetProperty("completeDepth").GetInt32());
        AssertIsTheFullChainToItsCompleteDepth(graph, graph.Claims[0], 8, chain);
    }

    /// <summary>
    /// The chain's completeDepth is the deepest level whose simple paths, with all nearer ones,
    /// fit the budget (the first level always), and nodes, sides, edges and paths are exactly
    /// those of every simple path of at most that many relations.
    /// </summary>
    private static void AssertIsTheFullChainToItsCompleteDepth(Graph graph, long root, int depth, JsonElement chain)
    {
        var complete = chain.GetProperty("completeDepth").GetInt32();
        Assert.Equal(ExpectedCompleteDepth(graph, root, depth), complete);
        Assert.Equal(complete < depth, chain.GetProperty("truncated").GetBoolean());

        var expected = new Reference(graph, root, complete);
        var nodes = Nodes(chain);
        Assert.Equal(expected.Distance.Keys.Order(), nodes.Keys.Order());
        foreach (var (claim, (distance, side)) in nodes)
        {
            Assert.Equal(expected.Distance[claim], distance);
            Assert.True(expected.SideOf(claim) == side, $"depth {depth}: claim {claim} is {side}, its paths make it {expected.SideOf(claim)}");
        }
        foreach (var side in (string[])["with", "against", "conflicted"])
        {
            Assert.Equal(nodes.Where(n => n.Value.Side == side).Select(n => n.Key).Order(), Side(chain, side));
        }

        var edges = chain.GetProperty("edges").EnumerateArray().ToDictionary(x => x.Id());
        Assert.Equal(expected.Relations.Order(), edges.Keys.Order());
        var byId = graph.Edges.ToDictionary(x => x.Id);
        foreach (var (id, edge) in edges)
        {
            Assert.Equal(byId[id].From, edge.GetProperty("fromClaimId").GetInt64());
            Assert.Equal(byId[id].To, edge.GetProperty("toClaimId").GetInt64());
            Assert.Equal(byId[id].Opposing, edge.GetProperty("opposing").GetBoolean());
        }

        var previous = 0;
        var explained = new HashSet<(long Claim, int Parity)>();
        foreach (var path in chain.GetProperty("paths").EnumerateArray())
        {
            var claims = path.GetProperty("claims").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            var steps = path.GetProperty("relations").EnumerateArray().Select(x => byId[x.GetInt64()]).ToArray();
            Assert.Equal(root, claims[0]);
            Assert.Equal(claims.Length, claims.Distinct().Count());
            Assert.Equal(claims.Length - 1, steps.Length);
            Assert.InRange(steps.Length, Math.Max(previous, 1), complete);
            previous = steps.Length;
            for (var i = 0; i < steps.Length; i++)
            {
                Assert.Equal(claims[i + 1], steps[i].Other(claims[i]));
            }
            var opposing = steps.Count(x => x.Opposing);
            Assert.Equal(opposing, path.GetProperty("opposingEdges").GetInt32());
            Assert.True(opposing > 0);
            var reached = (claims[^1], opposing % 2);
            Assert.True(explained.Add(reached), $"two paths for claim {reached.Item1} and parity {reached.Item2}");
            Assert.Equal(expected.Shortest[reached], steps.Length);
        }
        // every claim against the root, or conflicted, is explained by a path reaching it oddly
        Assert.Equal(expected.Shortest.Keys.Where(k => k.Parity == 1).Order(), explained.Where(k => k.Parity == 1).Order());
    }

    /// <summary>Counts simple paths level by level, as the budget is spent: level 1 always, then each level whole or not at all.</summary>
    private static int ExpectedCompleteDepth(Graph graph, long root, int depth)
    {
        var (walked, complete) = (0L, 0);
        for (var level = 1; level <= depth; level++)
        {
            var room = level == 1 ? long.MaxValue : Math.Max(0, ChainWalk.MaxSteps - walked);
            var count = CountPaths(graph, root, [root], level, room + 1);
            if (level > 1 && count > room)
            {
                break;
            }
            (walked, complete) = (walked + count, level);
        }
        return complete;
    }

    /// <summary>Simple paths of exactly <paramref name="length"/> relations on from the path so far, counted up to <paramref name="cap"/>.</summary>
    private static long CountPaths(Graph graph, long at, List<long> path, int length, long cap)
    {
        if (length == 0)
        {
            return 1;
        }
        var count = 0L;
        foreach (var edge in graph.Around(at))
        {
            var other = edge.Other(at);
            if (path.Contains(other))
            {
                continue;
            }
            path.Add(other);
            count += CountPaths(graph, other, path, length - 1, cap - count);
            path.RemoveAt(path.Count - 1);
            if (count >= cap)
            {
                break;
            }
        }
        return count;
    }

    private static Dictionary<long, int> BreadthFirstDistances(Graph graph, long root)
    {
        var distances = new Dictionary<long, int> { [root] = 0 };
        var queue = new Queue<long>([root]);
        while (queue.TryDequeue(out var claim))
        {
            foreach (var edge in graph.Around(claim))
            {
                if (distances.TryAdd(edge.Other(claim), distances[claim] + 1))
                {
                    queue.Enqueue(edge.Other(claim));
                }
            }
        }
        return distances;
    }

    private async Task<Graph> Import(int claims, List<(int From, int To, string Type)> relations)
    {
        var tag = Guid.NewGuid().ToString("N");
        var lines = new List<string> { Line("source", "s", new { name = $"Dense {tag}", kind = "outlet" }) };
        lines.AddRange(Enumerable.Range(0, claims).Select(i => Line("claim", $"c{i}", new { text = $"Dense {tag} {i}", speakerId = "s" })));
        lines.AddRange(relations.Select((r, i) => Line("relation", $"r{i}", new { fromClaimId = $"c{r.From}", toClaimId = $"c{r.To}", type = r.Type })));
        var editor = await api.Editor();
        using var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        var body = await (await editor.PostAsync("/v1/imports/ndjson", content)).AssertJson(HttpStatusCode.OK);
        Assert.Empty(body.GetProperty("rejected").EnumerateArray());
        var ids = body.GetProperty("refs").EnumerateArray().ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());
        var claimIds = Enumerable.Range(0, claims).Select(i => ids[$"c{i}"]).ToArray();
        var edges = relations.Select((r, i) => new Edge(ids[$"r{i}"], claimIds[r.From], claimIds[r.To], r.Type is "denies" or "contradicts" or "refutes")).ToList();
        return new Graph(claimIds, edges);
    }

    private static string Line(string entity, string name, object data) =>
        JsonSerializer.Serialize(new { entity, @ref = name, data }, HttpAssertions.Json);

    private async Task<JsonElement> Chain(long id, int depth) =>
        await (await api.Anonymous().GetAsync($"/v1/claims/{id}/chain?depth={depth}")).AssertJson(HttpStatusCode.OK);

    private static Dictionary<long, (int Distance, string Side)> Nodes(JsonElement chain) =>
        chain.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.Id(), n => (n.GetProperty("distance").GetInt32(), n.GetProperty("side").GetString()!));

    private static long[] Side(JsonElement chain, string side) =>
        [.. chain.GetProperty("sides").GetProperty(side).EnumerateArray().Select(x => x.GetInt64()).Order()];

    private readonly record struct Edge(long Id, long From, long To, bool Opposing)
    {
        public long Other(long claim) => claim == From ? To : From;
    }

    private sealed record Graph(long[] Claims, List<Edge> Edges)
    {
        private readonly ILookup<long, Edge> around = Edges.SelectMany(x => new[] { (Claim: x.From, Edge: x), (Claim: x.To, Edge: x) })
            .ToLookup(x => x.Claim, x => x.Edge);

        public IEnumerable<Edge> Around(long claim) => around[claim];
    }

    /// <summary>Every simple path from the root of at most <c>depth</c> relations, enumerated depth-first.</summary>
    private sealed class Reference
    {
        private readonly Graph graph;
        private readonly int depth;
        private readonly List<long> path;
        private readonly Dictionary<long, int> parities = [];

        public Reference(Graph graph, long root, int depth)
        {
            (this.graph, this.depth, path) = (graph, depth, [root]);
            Distance[root] = 0;
            parities[root] = 1;
            Walk(root, 0);
        }

        public Dictionary<long, int> Distance { get; } = [];

        public HashSet<long> Relations { get; } = [];

        /// <summary>For each claim and parity reached with an opposing relation on the way: the fewest relations.</summary>
        public Dictionary<(long Claim, int Parity), int> Shortest { get; } = [];

        public string SideOf(long claim) => parities[claim] switch
        {
            1 => "with",
            2 => "against",
            _ => "conflicted",
        };

        private void Walk(long at, int opposing)
        {
            foreach (var edge in graph.Around(at))
            {
                var other = edge.Other(at);
                if (path.Contains(other))
                {
                    continue;
                }
                var (length, reachedOpposing) = (path.Count, opposing + (edge.Opposing ? 1 : 0));
                Distance[other] = Math.Min(Distance.GetValueOrDefault(other, int.MaxValue), length);
                parities[other] = parities.GetValueOrDefault(other) | (reachedOpposing % 2 == 0 ? 1 : 2);
                Relations.Add(edge.Id);
                if (reachedOpposing > 0)
                {
                    var key = (other, reachedOpposing % 2);
                    Shortest[key] = Math.Min(Shortest.GetValueOrDefault(key, int.MaxValue), length);
                }
                if (length < depth)
                {
                    path.Add(other);
                    Walk(other, reachedOpposing);
                    path.RemoveAt(path.Count - 1);
                }
            }
        }
    }
}
