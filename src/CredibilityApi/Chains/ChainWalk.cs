using Microsoft.Extensions.ObjectPool;

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

    /// <summary>
    /// A walk's answer. Its collections belong to a pooled walker: read them, then dispose the
    /// result, which hands the walker back for the next walk.
    /// </summary>
    public sealed class Result(Walker walker) : IDisposable
    {
        public IReadOnlyDictionary<long, Reach> Nodes => walker.Reached;

        public IReadOnlyCollection<GraphEdge> Edges => walker.Edges.Values;

        public IReadOnlyList<RawPath> Paths => walker.Paths;

        public bool Truncated => walker.Truncated;

        public void Dispose() => Walkers.Return(walker);
    }

    // Walks run at thousands a second; their dictionaries and lists are kept and cleared rather
    // than grown afresh each time.
    private static readonly ObjectPool<Walker> Walkers = new DefaultObjectPool<Walker>(new WalkerPolicy(), maximumRetained: 64);

    /// <summary>Walks <paramref name="graph"/>; call inside <see cref="ClaimGraph.Read"/>, and dispose the result once read.</summary>
    public static Result Walk(ClaimGraph graph, long root, int depth)
    {
        var walker = Walkers.Get();
        walker.Start(graph, root, depth);
        walker.Visit(root, level: 0, parity: 0, opposing: 0);
        foreach (var path in walker.Witnesses.Values)
        {
            if (path.OpposingEdges > 0)
            {
                walker.Paths.Add(path);
            }
        }
        walker.Paths.Sort(ShortestFirst);
        return new Result(walker);
    }

    private static int ShortestFirst(RawPath a, RawPath b)
    {
        var order = a.Claims.Length.CompareTo(b.Claims.Length);
        order = order != 0 ? order : a.Claims[^1].CompareTo(b.Claims[^1]);
        return order != 0 ? order : (a.OpposingEdges % 2).CompareTo(b.OpposingEdges % 2);
    }

    private sealed class WalkerPolicy : IPooledObjectPolicy<Walker>
    {
        public Walker Create() => new();

        public bool Return(Walker walker)
        {
            walker.Clear();
            return true;
        }
    }

    /// <summary>One walk's state, reused from walk to walk.</summary>
    public sealed class Walker
    {
        private readonly List<List<GraphEdge>> neighbours = [];
        private readonly HashSet<long> onPath = [];
        private readonly List<long> claims = [];
        private readonly List<long> relations = [];
        private ClaimGraph? graph;
        private int depth;
        private int steps;

        internal Dictionary<long, Reach> Reached { get; } = [];

        internal Dictionary<long, GraphEdge> Edges { get; } = [];

        /// <summary>For each claim and parity, the shortest simple path that reaches it so.</summary>
        internal Dictionary<(long Claim, int Parity), RawPath> Witnesses { get; } = [];

        /// <summary>The witnesses with an opposing relation, shortest first.</summary>
        internal List<RawPath> Paths { get; } = [];

        internal bool Truncated { get; private set; }

        internal void Start(ClaimGraph walked, long root, int maxDepth)
        {
            (graph, depth) = (walked, maxDepth);
            while (neighbours.Count < maxDepth)
            {
                neighbours.Add([]);
            }
            onPath.Add(root);
            claims.Add(root);
            Reached[root] = new Reach(0, Even);
        }

        internal void Clear()
        {
            graph = null;
            (steps, Truncated) = (0, false);
            neighbours.ForEach(n => n.Clear());
            onPath.Clear();
            claims.Clear();
            relations.Clear();
            Reached.Clear();
            Edges.Clear();
            Witnesses.Clear();
            Paths.Clear();
        }

        internal void Visit(long claim, int level, int parity, int opposing)
        {
            var edges = neighbours[level];
            graph!.Neighbours(claim, edges);
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
