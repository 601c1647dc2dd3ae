namespace CredibilityApi.Credibility;

/// <summary>
/// How rival options share belief, the one rule behind a subject's options and a chain's positions.
/// A claim of confidence c (the chance that what it says is right, from its sources' trust) lent
/// at closeness k votes −ln(1 − k·c): the evidence of TruthFinder (Yin et al. 2008), so that an
/// option's score S is the log of 1 over the chance that every claim behind it is wrong. Rival
/// options take the softmax of their scores (belief ∝ e^S), which sums to 1 over them; an option
/// alone keeps its support 1 − e^−S (the chance that at least one of its claims is right).
/// </summary>
internal static class Competition
{
    /// <summary>A claim's vote: −ln(1 − k·c), times its independence weight w (1 unless copied); infinite for a certain claim.</summary>
    public static double Vote(double confidence, double closeness, double weight)
    {
        if (weight <= 0 || confidence <= 0 || closeness <= 0)
        {
            return 0;
        }
        var lent = closeness * confidence;
        return lent >= 1 ? double.PositiveInfinity : -weight * double.LogP1(-lent);
    }

    /// <summary>An option's unnormalised share e^(S − top), where top is the highest score among its rivals (infinite scores share equally).</summary>
    public static double Share(double score, double top) =>
        double.IsPositiveInfinity(top) ? (double.IsPositiveInfinity(score) ? 1 : 0) : Math.Exp(score - top);

    /// <summary>The belief in an option without rivals: 1 − e^−S.</summary>
    public static double Alone(double score) => double.IsPositiveInfinity(score) ? 1 : -double.ExpM1(-score);
}
