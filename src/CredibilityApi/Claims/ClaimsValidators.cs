using CredibilityApi.Http;
using FluentValidation;

namespace CredibilityApi.Claims;

public sealed class QuantityValidator : AbstractValidator<Quantity>
{
    /// <summary>
    /// The largest magnitude a quantity may have: sums, differences and ratios of two such values
    /// stay far from overflow, and every integer up to it is exact in a double.
    /// </summary>
    public const double MaxMagnitude = 1e15;

    public QuantityValidator()
    {
        RuleFor(q => q.Value).Must(v => double.IsFinite(v) && Math.Abs(v) <= MaxMagnitude)
            .WithMessage("must be a finite number between -1e15 and 1e15.");
        RuleFor(q => q.Unit).RequiredName(50, symbolsAllowed: true);
        RuleFor(q => q.AsOf).AcceptedDate();
    }
}

/// <summary>The rules a claim's fields obey, whether they arrive in a create or a patch.</summary>
internal static class ClaimRules
{
    public const int MaxTextLength = 20_000;
    public const int MaxSubjectLength = 200;
    public const int MaxVia = 20;
    public const int MaxValueLength = 500;

    public const string ValueWithQuantity = "must not be given with a quantity: a claim answers with a value or a number, not both.";

    /// <summary>A value: plain text of at most <see cref="MaxValueLength"/> characters, never beside a quantity.</summary>
    public static void Value<T>(AbstractValidator<T> v, Func<T, string?> value, Func<T, Quantity?> quantity)
    {
        v.RuleFor(r => value(r)).Required(MaxValueLength).When(r => value(r) is not null).OverridePropertyName("Value");
        v.RuleFor(r => value(r)).Null().When(r => quantity(r) is not null).WithMessage(ValueWithQuantity).OverridePropertyName("Value");
    }

    public const string ValueDescription =
        "The answer the claim gives to its subject's question (who carried out the strike, who wrote it), e.g. 'Jaysh al-Islam' or 'جيش الإسلام', up to 500 characters; "
        + "instead of a quantity, never with one. Claims on one subject whose values are equal once folded (case, accents, Arabic "
        + "letter forms, punctuation and spacing aside) agree; different values compete.";

    /// <summary>The relays' rules: at most <see cref="MaxVia"/>, each once, never the speaker.</summary>
    public static void ViaPath<T>(AbstractValidator<T> v, Func<T, IReadOnlyList<long>?> via, Func<T, long?> speaker)
    {
        v.RuleFor(r => via(r))
            .Must(p => p is null || p.Count <= MaxVia).WithMessage($"must hold at most {MaxVia} relays.")
            .OverridePropertyName("Via")
            .Must(p => p is null || p.Distinct().Count() == p.Count).WithMessage("must not name a source twice.")
            .Must((r, p) => p is null || speaker(r) is not { } s || !SpeakerIsRelay(s, p)).WithMessage(SpeakerInVia);
    }

    /// <summary>
    /// The rule that the speaker is not one of its own relays: the validator checks it when a request
    /// names both, the claim store when a patch names one and the other is stored.
    /// </summary>
    public static bool SpeakerIsRelay(long speakerId, IReadOnlyList<long> via) => via.Contains(speakerId);

    public const string SpeakerInVia = "must not contain the speaker.";
    public const string SpeakerIsAVia = "must not be one of the claim's relays (via).";
}

public sealed class CreateClaimRequestValidator : AbstractValidator<CreateClaimRequest>
{
    public CreateClaimRequestValidator()
    {
        RuleFor(r => r.Text).Required(ClaimRules.MaxTextLength);
        RuleFor(r => r.SpeakerId).NotNull().WithMessage("is required.");
        RuleFor(r => r.Topics).Topics();
        RuleFor(r => r.Stance).IsInEnum();
        RuleFor(r => r.Language).LanguageTag();
        RuleFor(r => r.Subject).Name(ClaimRules.MaxSubjectLength);
        RuleFor(r => r.ClaimedAt).AcceptedDate();
        RuleFor(r => r.Quantity!).SetValidator(new QuantityValidator()).When(r => r.Quantity is not null);
        ClaimRules.Value(this, r => r.Value, r => r.Quantity);
        ClaimRules.ViaPath(this, r => r.Via, r => r.SpeakerId);
    }
}

public sealed class UpdateClaimRequestValidator : AbstractValidator<UpdateClaimRequest>
{
    public UpdateClaimRequestValidator()
    {
        RuleFor(r => r.Text).Required(ClaimRules.MaxTextLength).When(r => r.Text is not null);
        RuleFor(r => r.Topics).Topics();
        RuleFor(r => r.Stance).IsInEnum();
        RuleFor(r => r.Language).LanguageTag().When(r => r.Language is not "");
        RuleFor(r => r.Subject).Name(ClaimRules.MaxSubjectLength).When(r => r.Subject is not "");
        RuleFor(r => r.ClaimedAt).AcceptedDate();
        RuleFor(r => r.Quantity!).SetValidator(new QuantityValidator()).When(r => r.Quantity is not null);
        ClaimRules.Value(this, r => r.Value is "" ? null : r.Value, r => r.Quantity);
        ClaimRules.ViaPath(this, r => r.Via, r => r.SpeakerId);
    }
}

public sealed class ClaimListQueryValidator : AbstractValidator<ClaimListQuery>
{
    public ClaimListQueryValidator()
    {
        this.Paged(ranked: q => q.Q is not null);
        RuleFor(q => q.SourceId).PositiveId();
        RuleFor(q => q.Status).OneOf<ClaimListQuery, ClaimStatus>();
        RuleFor(q => q.Subject).MaximumLength(ClaimRules.MaxSubjectLength);
        RuleFor(q => q.Q).MaximumLength(500);
        RuleFor(q => q.Topic).Must(t => t is null || ClaimTopics.Problem(t) is null).WithMessage((_, t) => ClaimTopics.Problem(t)!);
    }
}
