using System.Collections;

namespace CredibilityApi.Credibility;

/// <summary>
/// Each claim's vote weight by claim id: 1 unless its sources copy one another (<see cref="SourceDependence"/>).
/// Few claims are discounted, so only theirs are kept (a bit per claim says which, a dictionary
/// holds the weight) until more than one in <see cref="DenseAfter"/> is, when a float per claim
/// becomes the smaller of the two.
/// </summary>
internal sealed class VoteWeights(int claims)
{
    /// <summary>A dictionary entry costs about as much as this many floats.</summary>
    private const int DenseAfter = 8;

    private readonly BitArray discounted = new(claims);
    private readonly Dictionary<int, float> weights = [];
    private float[]? dense;

    public float this[int claim] => dense is { } all ? all[claim] : discounted[claim] ? weights[claim] : 1f;

    /// <summary>Sets a claim's weight; answers whether it moved by more than 1e-6.</summary>
    public bool Set(int claim, double weight)
    {
        var changed = Math.Abs(this[claim] - weight) > 1e-6;
        var w = (float)weight;
        if (dense is { } all)
        {
            all[claim] = w;
        }
        else if (w == 1f)
        {
            discounted[claim] = false;
            weights.Remove(claim);
        }
        else
        {
            discounted[claim] = true;
            weights[claim] = w;
            if (weights.Count > claims / DenseAfter)
            {
                dense = new float[claims];
                Array.Fill(dense, 1f);
                foreach (var (id, kept) in weights)
                {
                    dense[id] = kept;
                }
                weights.Clear();
            }
        }
        return changed;
    }
}
