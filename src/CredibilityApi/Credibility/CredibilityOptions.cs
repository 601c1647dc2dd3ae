namespace CredibilityApi.Credibility;

/// <summary>The <c>Credibility</c> configuration section, bound once at start-up and echoed as <c>method</c>.</summary>
public sealed class CredibilityOptions
{
    public const string Section = "Credibility";

    public double PriorAlpha { get; init; } = 1;

    public double PriorBeta { get; init; } = 1;

    public double MinEvidence { get; init; } = 3;

    /// <summary>Null (the default) turns decay off.</summary>
    public double? HalfLifeDays { get; init; }

    public double RelayDecay { get; init; } = 0.5;

    public const double IntervalMass = 0.95;

    public const string RankedBy = "interval-low";

    public CredibilityMethod Method => new(PriorAlpha, PriorBeta, MinEvidence, HalfLifeDays, RelayDecay, IntervalMass, RankedBy);

    /// <summary>Reads and checks the section; a bad value stops start-up rather than skewing every score.</summary>
    public static CredibilityOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<CredibilityOptions>() ?? new CredibilityOptions();
        if (!(options.PriorAlpha > 0) || !(options.PriorBeta > 0) || !double.IsFinite(options.PriorAlpha) || !double.IsFinite(options.PriorBeta))
        {
            throw new InvalidOperationException("Credibility:PriorAlpha and Credibility:PriorBeta must be positive numbers.");
        }
        if (!(options.MinEvidence >= 0) || !double.IsFinite(options.MinEvidence))
        {
            throw new InvalidOperationException("Credibility:MinEvidence must be zero or more.");
        }
        if (options.HalfLifeDays is { } halfLife && !(halfLife > 0 && double.IsFinite(halfLife)))
        {
            throw new InvalidOperationException("Credibility:HalfLifeDays must be a positive number of days, or unset for no decay.");
        }
        if (!(options.RelayDecay > 0 && options.RelayDecay <= 1))
        {
            throw new InvalidOperationException("Credibility:RelayDecay must be in (0, 1].");
        }
        return options;
    }
}
