using System.Collections;
using CredibilityApi.Reads;

namespace CredibilityApi.Credibility;

/// <summary>
/// The positions of every chain, for truth discovery. Claims joined by relations form a chain (a
/// connected part of the relation graph). Each claim takes a side by the parity of the opposing
/// relations between it and the chain's first claim, as a chain's <c>sides</c> does, so supporting
/// relations keep claims together and opposing ones set them against each other: two positions.
/// When opposing relations form a cycle of odd length (three rival answers, each contradicting the
/// others) there are no two consistent sides; the chain then has one position per group of claims
/// joined by supporting relations, and every position competes with every other, as the options
/// of a subject do. No chain is left out.
/// </summary>
/// <remarks>
/// Within a chain a position's score is the sum of its claims' votes (<see cref="Competition"/>);
/// the positions' beliefs are the softmax of their scores, and a position alone (a chain without
/// an opposing relation) keeps its support. A claim that competes both within its subject and
/// across its chain gets the mean of the two beliefs: a linear pool, because its own confidence
/// takes part in both and a product would count it twice. A claim that competes in only one of them
/// takes that one's belief; one that competes in neither gets the mean of the two supports.
/// </remarks>
internal sealed class ChainPositions
{
    // By claim id: the claim's position (an index into the arrays by position), or negative outside
    // any chain (-1 while not yet walked, -2 for an id with no claim or a claim in no chain).
    private readonly int[] sideOf;
    // A claim's entry while its chain is walked: Reached less its parity (-3 or -4), then, in a
    // chain with an odd cycle, Walked less its place in the walk.
    private const int Reached = -3;
    private const int Walked = -5;
    // By chain: its first position; the last entry ends the last chain.
    private readonly int[] firstPosition;
    // By position: its chain, how many claims it has, and (while pooling) its score.
    private readonly int[] chainOf;
    private readonly int[] members;
    private readonly double[] score;
    // By chain, while pooling: the highest score, the softmax's sum, how many positions have claims.
    private readonly double[] top;
    private readonly double[] sum;
    private readonly int[] present;

    private ChainPositions(int[] sideOf, List<int> firstPosition, List<int> chainOf)
    {
        (this.sideOf, this.firstPosition, this.chainOf) = (sideOf, [.. firstPosition], [.. chainOf]);
        (members, score) = (new int[chainOf.Count], new double[chainOf.Count]);
        var chains = firstPosition.Count - 1;
        (top, sum, present) = (new double[chains], new double[chains], new int[chains]);
        foreach (var side in sideOf)
        {
            if (side >= 0)
            {
                members[side]++;
            }
        }
    }

    /// <summary>How many chains take part (every chain does).</summary>
    public int Chains => firstPosition.Length - 1;

    /// <summary>
    /// Finds the chains among <paramref name="claims"/> (ids below <paramref name="length"/>).
    /// Call inside the graph's read lock.
    /// </summary>
    public static ChainPositions Of(ClaimGraph graph, int[] claims, int length)
    {
        // While a chain is walked, a reached claim's entry holds its parity (Reached - parity), and
        // in a chain with an odd cycle its place in the walk (Walked - place); no array besides.
        var sideOf = new int[length];
        Array.Fill(sideOf, -2);
        foreach (var claim in claims)
        {
            sideOf[claim] = -1;
        }
        var edges = new List<GraphEdge>();
        var supports = new List<(int, int)>();
        var queue = new Queue<int>();
        var reached = new List<int>();
        // Only for chains with an odd cycle: union-find by place in the walk.
        var parent = new List<int>();
        var (firstPosition, chainOf) = (new List<int> { 0 }, new List<int>());
        var positionOfRoot = new Dictionary<int, int>();
        foreach (var start in claims)
        {
            if (sideOf[start] != -1)
            {
                continue;
            }
            var consistent = true;
            reached.Clear();
            supports.Clear();
            sideOf[start] = Reached;
            queue.Enqueue(start);
            while (queue.TryDequeue(out var i))
            {
                reached.Add(i);
                // Each claim's relations are read once: here, as the walk reaches it.
                graph.Neighbours(i, edges);
                foreach (var edge in edges)
                {
                    var other = edge.Other(i);
                    // -2 here is an id with no claim: a claim already found in no chain has no relation to reach it by.
                    if (other == i || other <= 0 || other >= length || sideOf[other] == -2)
                    {
                        continue;
                    }
                    var j = (int)other;
                    var side = Reached - ((Reached - sideOf[i]) ^ (edge.Opposing ? 1 : 0));
                    if (!edge.Opposing)
                    {
                        supports.Add((i, j));
                    }
                    if (sideOf[j] == -1)
                    {
                        sideOf[j] = side;
                        queue.Enqueue(j);
                    }
                    else if (sideOf[j] != side)
                    {
                        consistent = false;
                    }
                }
            }
            if (reached.Count == 1)
            {
                sideOf[start] = -2; // no relation: in no chain
                continue;
            }
            var chain = firstPosition.Count - 1;
            var first = chainOf.Count;
            if (consistent)
            {
                // Two sides, by parity.
                chainOf.Add(chain);
                chainOf.Add(chain);
                foreach (var i in reached)
                {
                    sideOf[i] = first + (Reached - sideOf[i]);
                }
            }
            else
            {
                // One position per group of claims joined by supporting relations (union-find).
                parent.Clear();
                for (var place = 0; place < reached.Count; place++)
                {
                    sideOf[reached[place]] = Walked - place;
                    parent.Add(place);
                }
                foreach (var (a, b) in supports)
                {
                    var (ra, rb) = (Root(parent, Walked - sideOf[a]), Root(parent, Walked - sideOf[b]));
                    if (ra != rb)
                    {
                        parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
                    }
                }
                positionOfRoot.Clear();
                for (var place = 0; place < reached.Count; place++)
                {
                    var root = Root(parent, place);
                    if (!positionOfRoot.TryGetValue(root, out var position))
                    {
                        positionOfRoot[root] = position = chainOf.Count;
                        chainOf.Add(chain);
                    }
                    sideOf[reached[place]] = position;
                }
            }
            firstPosition.Add(chainOf.Count);
        }
        return new ChainPositions(sideOf, firstPosition, chainOf);
    }

    private static int Root(List<int> parent, int i)
    {
        while (parent[i] != i)
        {
            (parent[i], i) = (parent[parent[i]], parent[i]);
        }
        return i;
    }

    /// <summary>
    /// Each claim's belief into <paramref name="into"/> (all by claim id): its subject belief (<paramref name="contested"/>
    /// when its option had competitors), pooled with its chain belief when it is in a chain.
    /// <paramref name="weight"/> discounts a claim's vote (copying); 1 counts it in full.
    /// <paramref name="into"/> may be <paramref name="confidence"/>: every confidence is read before any belief is written.
    /// </summary>
    public void Pool(float[] confidence, VoteWeights weight, float[] subject, BitArray contested, float[] into)
    {
        Array.Clear(score);
        for (var i = 0; i < sideOf.Length; i++)
        {
            if (sideOf[i] >= 0)
            {
                score[sideOf[i]] += Competition.Vote(confidence[i], 1, weight[i]);
            }
        }
        for (var chain = 0; chain < Chains; chain++)
        {
            var (first, last) = (firstPosition[chain], firstPosition[chain + 1]);
            (top[chain], present[chain]) = (double.NegativeInfinity, 0);
            for (var p = first; p < last; p++)
            {
                if (members[p] > 0)
                {
                    top[chain] = Math.Max(top[chain], score[p]);
                    present[chain]++;
                }
            }
            sum[chain] = 0;
            for (var p = first; p < last; p++)
            {
                if (members[p] > 0)
                {
                    sum[chain] += Competition.Share(score[p], top[chain]);
                }
            }
        }
        for (var i = 0; i < sideOf.Length; i++)
        {
            var position = sideOf[i];
            if (position < 0)
            {
                into[i] = subject[i];
                continue;
            }
            var c = chainOf[position];
            var opposed = present[c] > 1;
            var chain = opposed ? Competition.Share(score[position], top[c]) / sum[c] : Competition.Alone(score[position]);
            into[i] = (float)(opposed == contested[i] ? (subject[i] + chain) / 2 : opposed ? chain : subject[i]);
        }
    }
}
