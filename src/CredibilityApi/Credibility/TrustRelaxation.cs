namespace CredibilityApi.Credibility;

/// <summary>
/// How the belief pass steps from one round's trust to the next: each source moves by a factor of
/// the change its round asks for, 1 at first, growing by <see cref="Growth"/> each round the change
/// keeps its direction (up to <see cref="MaxFactor"/>), back to 1 as soon as it reverses. It changes
/// how fast the rounds reach a fixed point of the model, not which one nor what a fixed point is:
/// the pass stops, as before, when a round asks no source's trust to move by more than the tolerance.
/// </summary>
/// <remarks>
/// <para>
/// Why: a source's trust depends on the beliefs in its claims, which depend on its trust, so near a
/// split between rival claims the plain iteration (trust := the round's re-estimate) moves a source
/// by a little more each round for dozens of rounds (an escape from an unstable fixed point), then
/// approaches the stable one by a constant fraction a round (BENCHMARKS.md, issue 17). Steps that
/// keep their direction are the slow ones, and lengthening only them leaves every step that
/// overshoots (one whose direction then reverses) as it was. Damping, the usual cure, makes both
/// phases slower.
/// </para>
/// <para>
/// A step is kept within the range a round can give the source (its prior's share with every
/// belief 0, and with every belief 1), which holds every fixed point. After the copy detection
/// changes the claims' weights (the map itself), every factor starts again from 1.
/// </para>
/// </remarks>
internal sealed class TrustRelaxation
{
    /// <summary>How much a source's factor grows each round its change keeps its direction.</summary>
    public const double Growth = 1.5;

    /// <summary>The largest factor.</summary>
    public const double MaxFactor = 4;

    // By source id: the factor, and the last change asked (only its direction counts).
    private readonly float[] factor;
    private readonly float[] lastChange;

    public TrustRelaxation(int sources)
    {
        (factor, lastChange) = (new float[sources], new float[sources]);
        Restart();
    }

    /// <summary>Every factor back to 1, no direction remembered (the map changed).</summary>
    public void Restart()
    {
        Array.Fill(factor, 1f);
        Array.Clear(lastChange);
    }

    /// <summary>
    /// Moves <paramref name="trust"/> (by source id, the trust the round started from) toward the
    /// round's re-estimate <paramref name="estimate"/>, each source by its factor, within what a
    /// round can give it: the Beta posterior's mean (prior·strength + Σ b) / weight with every belief
    /// b of its unrated claims 0, or every one 1 (<paramref name="weight"/> is the strength plus those
    /// claims' weights).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Step(double[] trust, double[] estimate, double[] prior, double[] strength, double[] weight)
    {
        for (var s = 0; s < trust.Length; s++)
        {
            var change = estimate[s] - trust[s];
            factor[s] = change * lastChange[s] > 0 ? Math.Min(factor[s] * (float)Growth, (float)MaxFactor) : 1f;
            lastChange[s] = (float)change;
            var prop = prior[s] * strength[s];
            var (low, high) = (prop / weight[s], (prop + weight[s] - strength[s]) / weight[s]);
            trust[s] = Math.Clamp(trust[s] + (factor[s] * change), low, Math.Max(low, high));
        }
    }
}
