namespace CredibilityApi.Chains;

/// <summary>
/// The walk behind a contradiction chain: every simple path from the root of at most
/// <c>depth</c> relations, followed in both directions, never revisiting a claim on a path. A
/// claim's side is the parity of the opposing relations on its paths; reached with both
/// parities, it is conflicted.
/// </summary>
public static class ChainWalk
{
    /// <summary>Bounds the work of one walk: dense neighbourhoods have very many simple paths.</summary>
    public const int MaxSteps = 20_000;


    private const int Even = 1;
    private const int Odd = 2;

    public readonly record struct Reach(int Distance, int Parities)
    {
        public Side Side => Parities switch
        {
            Even => Side.With,
            Odd => Side.Against,
            _ => Side.Conflicted,
        };
    }

    public sealed record RawPath(long[] Claims, long[] Relations, int OpposingEdges);

    public sealed record Result(
        IReadOnlyDictionary<long, Reach> Nodes,
        IReadOnlyCollection<GraphEdge> Edges,
        IReadOnlyList<RawPath> Paths,
        bool Truncated);

    /// <summary>Walks <paramref name="graph"/>; call inside <see cref="ClaimGraph.Read"/>.</summary>
    public static Result Walk(ClaimGraph graph, long root, int depth)
    {
        var walk = new Walker(graph, root, depth);
        walk.Visit(root, level: 0, parity: 0, opposing: 0);
        var paths = walk.Witnesses.Values
            .Where(p => p.OpposingEdges > 0)
            .OrderBy(p => p.Claims.Length).ThenBy(p => p.Claims[^1]).ThenBy(p => p.OpposingEdges % 2)
            .ToList();
        return new Result(walk.Reached, walk.Edges.Values, paths, walk.Truncated);
    }

    private sealed class Walker(ClaimGraph graph, long root, int depth)
    {
        private readonly List<GraphEdge>[] neighbours = [.. Enumerable.Range(0, depth).Select(_ => new List<GraphEdge>())];
        private readonly HashSet<long> onPath = [root];
        private readonly List<long> claims = [root];
        private readonly List<long> relations = [];
        private int steps;

        public Dictionary<long, Reach> Reached { get; } = new() { [root] = new Reach(0, Even) };

        public Dictionary<long, GraphEdge> Edges { get; } = [];

        /// <summary>For each claim and parity, the shortest simple path that reaches it so.</summary>
        public Dictionary<(long Claim, int Parity), RawPath> Witnesses { get; } = [];

        public bool Truncated { get; private set; }

        public void Visit(long claim, int level, int parity, int opposing)
        {
            var edges = neighbours[level];
            graph.Neighbours(claim, edges);
            foreach (var edge in edges)
            {
                var other = edge.Other(claim);
                if (onPath.Contains(other))
                {
                    continue;
                }
                if (++steps > MaxSteps)
                {
                    Truncated = true;
                    return;
                }

                var nextParity = edge.Opposing ? parity ^ 1 : parity;
                var nextOpposing = edge.Opposing ? opposing + 1 : opposing;
                var distance = level + 1;
                var bit = nextParity == 0 ? Even : Odd;
                Reached[other] = Reached.TryGetValue(other, out var seen)
                    ? new Reach(Math.Min(seen.Distance, distance), seen.Parities | bit)
                    : new Reach(distance, bit);
                Edges.TryAdd(edge.RelationId, edge);

                onPath.Add(other);
                claims.Add(other);
                relations.Add(edge.RelationId);
                if (!Witnesses.TryGetValue((other, nextParity), out var witness) || witness.Claims.Length > claims.Count)
                {
                    Witnesses[(other, nextParity)] = new RawPath([.. claims], [.. relations], nextOpposing);
                }
                if (distance < depth)
                {
                    Visit(other, level + 1, nextParity, nextOpposing);
                }
                onPath.Remove(other);
                claims.RemoveAt(claims.Count - 1);
                relations.RemoveAt(relations.Count - 1);
                if (Truncated)
                {
                    return;
                }
            }
        }
    }
}
