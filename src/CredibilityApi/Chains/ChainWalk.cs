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

    /// <summary>
    /// A witness path: the walk's step that ended it, its length in claims and its opposing
    /// relations. Its claims and relations are read back through <see cref="Result.PathOf"/>.
    /// </summary>
    public readonly record struct WitnessPath(int Step, int Length, long Last, int OpposingEdges);

    /// <summary>
    /// A walk's answer. Its collections belong to a pooled walker: read them, then dispose the
    /// result, which hands the walker back for the next walk.
    /// </summary>
    public sealed class Result(Walker walker) : IDisposable
    {
        public IReadOnlyDictionary<long, Reach> Nodes => walker.Reached;

        public IReadOnlyCollection<GraphEdge> Edges => walker.Edges.Values;

        public IReadOnlyList<WitnessPath> Paths => walker.Paths;

        public bool Truncated => walker.Truncated;

        /// <summary>Lists kept with the walker for whoever writes the answer, cleared with it.</summary>
        public Scratch Scratch => walker.Scratch;

        /// <summary>Fills the two lists with a witness path's claims (from the root) and relations.</summary>
        public void PathOf(WitnessPath path, List<long> claims, List<long> relations) => walker.PathOf(path, claims, relations);

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

    private static int ShortestFirst(WitnessPath a, WitnessPath b)
    {
        var order = a.Length.CompareTo(b.Length);
        order = order != 0 ? order : a.Last.CompareTo(b.Last);
        return order != 0 ? order : (a.OpposingEdges % 2).CompareTo(b.OpposingEdges % 2);
    }

    private sealed class WalkerPolicy : IPooledObjectPolicy<Walker>
    {
        public Walker Create() => new();

        // A walker that served a dense neighbourhood is let go: clearing its grown tables would
        // cost every later walk their full size.
        public bool Return(Walker walker) => walker.Clear();
    }

    // Walks up to this many steps (most take a few hundred) keep their walker for the next one.
    private const int KeepSteps = 2_000;

    /// <summary>One step of the walk: the claim reached, the relation followed, and the step before it (-1 at the root).</summary>
    private readonly record struct Step(long Claim, long Relation, int Parent);

    /// <summary>Lists an answer's writer fills and reads, reused with the walker.</summary>
    public sealed class Scratch
    {
        public List<int> Path { get; } = [];

        public List<int> Sources { get; } = [];

        public List<long> Claims { get; } = [];

        public List<long> Relations { get; } = [];

        public List<GraphEdge> Edges { get; } = [];

        public List<long>[] Sides { get; } = [[], [], []];

        internal void Clear()
        {
            Path.Clear();
            Sources.Clear();
            Claims.Clear();
            Relations.Clear();
            Edges.Clear();
            Array.ForEach(Sides, s => s.Clear());
        }
    }

    /// <summary>One walk's state, reused from walk to walk.</summary>
    public sealed class Walker
    {
        private readonly List<List<GraphEdge>> neighbours = [];
        private readonly HashSet<long> onPath = [];
        private readonly List<long> claims = [];
        private readonly List<Step> steps = [];
        private ClaimGraph? graph;
        private int depth;

        internal Dictionary<long, Reach> Reached { get; } = [];

        internal Dictionary<long, GraphEdge> Edges { get; } = [];

        /// <summary>For each claim and parity, the shortest simple path that reaches it so.</summary>
        internal Dictionary<(long Claim, int Parity), WitnessPath> Witnesses { get; } = [];

        /// <summary>The witnesses with an opposing relation, shortest first.</summary>
        internal List<WitnessPath> Paths { get; } = [];

        internal Scratch Scratch { get; } = new();

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

        /// <summary>Clears the walker for the next walk; false when it grew too large to keep.</summary>
        internal bool Clear()
        {
            var keep = steps.Count <= KeepSteps;
            graph = null;
            Truncated = false;
            neighbours.ForEach(n => n.Clear());
            onPath.Clear();
            claims.Clear();
            steps.Clear();
            Reached.Clear();
            Edges.Clear();
            Witnesses.Clear();
            Paths.Clear();
            Scratch.Clear();
            return keep;
        }

        internal void PathOf(WitnessPath path, List<long> claimsOut, List<long> relationsOut)
        {
            claimsOut.Clear();
            relationsOut.Clear();
            for (var s = path.Step; s >= 0; s = steps[s].Parent)
            {
                claimsOut.Add(steps[s].Claim);
                relationsOut.Add(steps[s].Relation);
            }
            claimsOut.Add(claims[0]);
            claimsOut.Reverse();
            relationsOut.Reverse();
        }

        internal void Visit(long claim, int level, int parity, int opposing, int parent = -1)
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
                if (steps.Count >= MaxSteps)
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
                // Every step is kept with its parent, so a witness is one index, not a copy of the path.
                var step = steps.Count;
                steps.Add(new Step(other, edge.RelationId, parent));
                if (!Witnesses.TryGetValue((other, nextParity), out var witness) || witness.Length > claims.Count)
                {
                    Witnesses[(other, nextParity)] = new WitnessPath(step, claims.Count, other, nextOpposing);
                }
                if (distance < depth)
                {
                    Visit(other, level + 1, nextParity, nextOpposing, step);
                }
                onPath.Remove(other);
                claims.RemoveAt(claims.Count - 1);
                if (Truncated)
                {
                    return;
                }
            }
        }
    }
}
