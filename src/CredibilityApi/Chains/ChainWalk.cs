using CredibilityApi.Reads;
using Microsoft.Extensions.ObjectPool;

namespace CredibilityApi.Chains;

/// <summary>
/// The walk behind a contradiction chain: every simple path from the root of at most
/// <c>depth</c> relations, followed in both directions, never revisiting a claim on a path. A
/// claim's side is the parity of the opposing relations on its paths; reached with both
/// parities, it is conflicted.
/// </summary>
/// <remarks>
/// Paths are walked breadth-first, one length at a time, so a claim is first reached at its
/// shortest distance and its first path of each parity is its shortest witness. A dense
/// neighbourhood has too many simple paths to walk whole: the budget is spent level by level,
/// and a level that does not fit whole is dropped whole, so a truncated walk is exactly the
/// full walk to its last complete depth (the first level is always walked).
/// </remarks>
public static class ChainWalk
{
    /// <summary>Bounds the work of one walk, in simple paths: dense neighbourhoods have very many.</summary>
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

        public bool Truncated => walker.CompleteDepth < walker.Depth;

        /// <summary>The deepest level whose simple paths were all walked: the requested depth unless truncated.</summary>
        public int CompleteDepth => walker.CompleteDepth;

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
        walker.Walk(graph, root, depth);
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
    private const int KeepSteps = 2_048;

    /// <summary>
    /// One step of the walk, the end of one simple path: the claim reached, the relation followed
    /// (an index into the walker's relations), the step before it (-1 at the root), the opposing
    /// relations on the way, and a 64-bit sketch of the claims on the path (bit id mod 64), so
    /// most claims are known to be off the path without reading it back.
    /// </summary>
    private readonly record struct Step(long Claim, int Edge, int Parent, int Opposing, ulong OnPath);

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
        private readonly List<GraphEdge> neighbours = [];

        // Each claim's relations, read from the graph once per walk: in a dense neighbourhood the
        // same few claims end thousands of paths.
        private readonly Dictionary<long, (int Start, int Count)> around = [];
        private readonly List<GraphEdge> relations = [];

        // Steps of one level follow those of the level before; each names its parent, so a path
        // is read back (and "is this claim on it" answered) by at most depth parents.
        private readonly List<Step> steps = [];
        private long root;

        internal Dictionary<long, Reach> Reached { get; } = [];

        internal Dictionary<long, GraphEdge> Edges { get; } = [];

        /// <summary>For each claim and parity, the shortest simple path that reaches it so.</summary>
        internal Dictionary<(long Claim, int Parity), WitnessPath> Witnesses { get; } = [];

        /// <summary>The witnesses with an opposing relation, shortest first.</summary>
        internal List<WitnessPath> Paths { get; } = [];

        internal Scratch Scratch { get; } = new();

        internal int Depth { get; private set; }

        internal int CompleteDepth { get; private set; }

        internal void Walk(ClaimGraph graph, long from, int depth)
        {
            (root, Depth) = (from, depth);
            Reached[root] = new Reach(0, Even);
            Extend(graph, -1, budget: false);
            Record(0, level: 1);
            CompleteDepth = depth;
            var level = 1;
            for (var first = 0; level < depth && first < steps.Count; level++)
            {
                var end = steps.Count;
                for (var s = first; s < end; s++)
                {
                    if (!Extend(graph, s, budget: true))
                    {
                        // This level does not fit whole: drop what was walked of it.
                        steps.RemoveRange(end, steps.Count - end);
                        CompleteDepth = level;
                        return;
                    }
                }
                Record(end, level + 1);
                first = end;
            }
        }

        /// <summary>Clears the walker for the next walk; false when it grew too large to keep.</summary>
        internal bool Clear()
        {
            var keep = steps.Capacity <= KeepSteps && relations.Capacity <= KeepSteps;
            (Depth, CompleteDepth) = (0, 0);
            neighbours.Clear();
            around.Clear();
            relations.Clear();
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
                relationsOut.Add(relations[steps[s].Edge].RelationId);
            }
            claimsOut.Add(root);
            claimsOut.Reverse();
            relationsOut.Reverse();
        }

        /// <summary>
        /// Adds a step for every relation that leads from the end of step <paramref name="parent"/>
        /// (the root at -1) to a claim not on its path; false once the budget is spent.
        /// </summary>
        private bool Extend(ClaimGraph graph, int parent, bool budget)
        {
            var (claim, opposing, onPath) = parent < 0
                ? (root, 0, Bit(root))
                : (steps[parent].Claim, steps[parent].Opposing, steps[parent].OnPath);
            if (!around.TryGetValue(claim, out var range))
            {
                graph.Neighbours(claim, neighbours);
                range = (relations.Count, neighbours.Count);
                relations.AddRange(neighbours);
                around[claim] = range;
            }
            for (var i = range.Start; i < range.Start + range.Count; i++)
            {
                var edge = relations[i];
                var other = edge.Other(claim);
                if ((onPath & Bit(other)) != 0 && OnPath(other, parent))
                {
                    continue;
                }
                if (budget && steps.Count >= MaxSteps)
                {
                    return false;
                }
                steps.Add(new Step(other, i, parent, edge.Opposing ? opposing + 1 : opposing, onPath | Bit(other)));
            }
            return true;
        }

        private static ulong Bit(long claim) => 1UL << (int)(claim & 63);

        private bool OnPath(long claim, int step)
        {
            for (; step >= 0; step = steps[step].Parent)
            {
                if (steps[step].Claim == claim)
                {
                    return true;
                }
            }
            return claim == root;
        }

        /// <summary>Takes in the steps of one whole level: the claims, sides, relations and witnesses they reach.</summary>
        private void Record(int first, int level)
        {
            for (var s = first; s < steps.Count; s++)
            {
                var (claim, index, _, opposing, _) = steps[s];
                var edge = relations[index];
                var parity = opposing & 1;
                var bit = parity == 0 ? Even : Odd;
                // Breadth-first, the first path to reach a claim is a shortest one.
                Reached[claim] = Reached.TryGetValue(claim, out var seen)
                    ? seen with { Parities = seen.Parities | bit }
                    : new Reach(level, bit);
                Edges.TryAdd(edge.RelationId, edge);
                Witnesses.TryAdd((claim, parity), new WitnessPath(s, level + 1, claim, opposing));
            }
        }
    }
}
