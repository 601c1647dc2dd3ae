namespace CredibilityApi.Credibility;

/// <summary>The <c>Credibility</c> configuration section, bound and checked at start-up and echoed as <c>method</c>.</summary>
public sealed class CredibilityOptions
{
    public const string Section = "Credibility";

    public double PriorAlpha { get; init; } = 1;

    public double PriorBeta { get; init; } = 1;

    public double MinEvidence { get; init; } = 3;

    /// <summary>Null (the default) turns decay off.</summary>
    public double? HalfLifeDays { get; init; }

    public double RelayDecay { get; init; } = 0.5;

    /// <summary>
    /// K: how many claims' worth of evidence an affiliation's pooled record counts for in a member's prior
    /// (8: the best or near it on every seed of the synthetic speaker set, BENCHMARKS.md).
    /// </summary>
    public double AffiliationPriorStrength { get; init; } = 8;

    /// <summary>k: how many claims' worth of evidence a source's overall score counts for in its score on one topic (8, as K).</summary>
    public double TopicPriorStrength { get; init; } = 8;

    public const double IntervalMass = 0.95;

    public const string RankedBy = "interval-low";

    public CredibilityMethod Method =>
        new(PriorAlpha, PriorBeta, MinEvidence, HalfLifeDays, RelayDecay, IntervalMass, RankedBy, AffiliationPriorStrength, TopicPriorStrength);

    // The checks, each naming its setting at start-up: a bad value stops the service rather than skewing every score.
    public static bool PriorsArePositive(CredibilityOptions options) =>
        options.PriorAlpha > 0 && options.PriorBeta > 0 && double.IsFinite(options.PriorAlpha) && double.IsFinite(options.PriorBeta);

    public static bool MinEvidenceIsValid(CredibilityOptions options) =>
        options.MinEvidence >= 0 && double.IsFinite(options.MinEvidence);

    public static bool HalfLifeIsValid(CredibilityOptions options) =>
        options.HalfLifeDays is not { } halfLife || (halfLife > 0 && double.IsFinite(halfLife));

    public static bool PriorStrengthsArePositive(CredibilityOptions options) =>
        options.AffiliationPriorStrength > 0 && double.IsFinite(options.AffiliationPriorStrength)
        && options.TopicPriorStrength > 0 && double.IsFinite(options.TopicPriorStrength);

    public static bool RelayDecayIsValid(CredibilityOptions options) =>
        options.RelayDecay > 0 && options.RelayDecay <= 1;
}
