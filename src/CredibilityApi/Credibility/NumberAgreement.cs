namespace CredibilityApi.Credibility;

/// <summary>When two numbers a claim states agree: the one rule subject groups and the belief pass share.</summary>
public static class NumberAgreement
{
    /// <summary>Whether two values agree: their difference within <paramref name="tolerance"/> of the larger magnitude.</summary>
    public static bool Agree(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>
    /// |a − b| over the larger magnitude, in [0, 2] (2 for opposite signs), computed on values
    /// scaled by that magnitude first, so it is finite for any two finite values.
    /// </summary>
    public static double RelativeDifference(double a, double b)
    {
        var scale = Math.Max(Math.Abs(a), Math.Abs(b));
        return scale == 0 ? 0 : Math.Abs((a / scale) - (b / scale));
    }
}
