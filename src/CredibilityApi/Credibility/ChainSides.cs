using CredibilityApi.Chains;
using CredibilityApi.Reads;

namespace CredibilityApi.Credibility;

/// <summary>
/// The two sides of every chain, for truth discovery. Claims joined by relations form a chain (a
/// connected part of the relation graph); each claim takes a side by the parity of the opposing
/// relations between it and the chain's first claim, as a chain's <c>sides</c> does, so supporting
/// relations keep claims together and opposing ones set them against each other. A chain that
/// puts some claim on both sides (a cycle with an odd number of opposing relations) has no
/// consistent sides and takes no part.
/// </summary>
/// <remarks>
/// Within a chain a side's support is the noisy-or of its claims' confidences; two sides share
/// belief 1 and a side alone keeps its support, as options do within a subject. A claim that
/// competes both within its subject and across its chain gets the mean of the two beliefs: a
/// linear pool, because its own confidence takes part in both and a product would count it twice.
/// A claim that competes in only one of them takes that one's belief; one that competes in neither
/// (its chain all on one side) gets the mean of the two supports.
/// </remarks>
internal sealed class ChainSides
{
    // By claim id: 2 × chain + side, or negative outside any chain (-1 while not yet walked, -2 for
    // an id with no claim, or a claim found to be in no chain or in one without consistent sides).
    private readonly int[] sideOf;
    private readonly int[] members;
    private readonly double[] doubt;

    private ChainSides(int[] sideOf, int chains)
    {
        (this.sideOf, members, doubt) = (sideOf, new int[chains * 2], new double[chains * 2]);
        foreach (var side in sideOf)
        {
            if (side >= 0)
            {
                members[side]++;
            }
        }
    }

    /// <summary>How many chains take part: those with consistent sides.</summary>
    public int Chains => Enumerable.Range(0, members.Length / 2).Count(c => members[2 * c] + members[(2 * c) + 1] > 0);

    /// <summary>
    /// Finds the chains among <paramref name="claims"/> (ids below <paramref name="length"/>).
    /// Call inside the graph's read lock.
    /// </summary>
    public static ChainSides Of(ClaimGraph graph, int[] claims, int length)
    {
        var sideOf = new int[length];
        Array.Fill(sideOf, -2);
        foreach (var claim in claims)
        {
            sideOf[claim] = -1;
        }
        var edges = new List<GraphEdge>();
        var queue = new Queue<int>();
        var reached = new List<int>();
        var chains = 0;
        foreach (var start in claims)
        {
            if (sideOf[start] != -1)
            {
                continue;
            }
            var chain = chains;
            var consistent = true;
            reached.Clear();
            sideOf[start] = 2 * chain;
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
                    var side = sideOf[i] ^ (edge.Opposing ? 1 : 0);
                    if (sideOf[j] < 0)
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
            chains++;
            if (!consistent)
            {
                reached.ForEach(i => sideOf[i] = -2);
            }
        }
        return new ChainSides(sideOf, chains);
    }

    /// <summary>
    /// Each claim's belief into <paramref name="into"/> (all by claim id): its subject belief (<paramref name="contested"/>
    /// when its option had competitors), pooled with its chain belief when it is on a side of a chain.
    /// </summary>
    public void Pool(float[] confidence, float[] subject, bool[] contested, float[] into)
    {
        Array.Fill(doubt, 1.0);
        for (var i = 0; i < sideOf.Length; i++)
        {
            if (sideOf[i] >= 0)
            {
                doubt[sideOf[i]] *= 1 - confidence[i];
            }
        }
        for (var i = 0; i < sideOf.Length; i++)
        {
            var side = sideOf[i];
            if (side < 0)
            {
                into[i] = subject[i];
                continue;
            }
            var (own, other, opposed) = (1 - doubt[side], 1 - doubt[side ^ 1], members[side ^ 1] > 0);
            var chain = !opposed ? own : own + other > 0 ? own / (own + other) : 0;
            into[i] = (float)(opposed == contested[i] ? (subject[i] + chain) / 2 : opposed ? chain : subject[i]);
        }
    }
}
