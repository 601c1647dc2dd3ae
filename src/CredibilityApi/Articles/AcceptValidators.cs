using CredibilityApi.Claims;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using FluentValidation;

namespace CredibilityApi.Articles;

public sealed class ProposedSourceValidator : AbstractValidator<ProposedSource>
{
    public ProposedSourceValidator()
    {
        RuleFor(s => s.SourceId).PositiveId();
        RuleFor(s => s.Name).RequiredName(ValidationRules.MaxNameLength);
        RuleFor(s => s.Kind).IsInEnum();
    }
}

/// <summary>
/// The shape of accepted proposals, field by field as POST /v1/claims checks a claim: the same
/// rules and messages, keyed by their path (<c>claims[2].speaker.name</c>, <c>relations[0].to</c>).
/// Whether the source ids exist is the reference check's (<see cref="AcceptProposalsRequest.References"/>);
/// what only the stored rows reveal (a relay that turns out to be the speaker once names are resolved)
/// is the writer's.
/// </summary>
public sealed class AcceptProposalsRequestValidator : AbstractValidator<AcceptProposalsRequest>
{
    public const int MaxClaims = 500;
    public const int MaxRelations = 1_000;

    public AcceptProposalsRequestValidator()
    {
        RuleFor(r => r.Claims).NotEmpty().WithMessage("is required: at least one claim.")
            .Must(c => c is null || c.Count <= MaxClaims).WithMessage($"must hold at most {MaxClaims} claims.");
        RuleForEach(r => r.Claims).NotNull().WithMessage("must be a claim, not null.").ChildRules(claim =>
        {
            claim.RuleFor(c => c.Text).Required(ClaimRules.MaxTextLength);
            claim.RuleFor(c => c.Start).GreaterThanOrEqualTo(0);
            claim.RuleFor(c => c.End).GreaterThanOrEqualTo(c => c.Start).WithMessage("must not come before start.");
            claim.RuleFor(c => c.Cue).Name(ValidationRules.MaxNameLength, symbolsAllowed: true);
            claim.RuleFor(c => c.Speaker).NotNull().WithMessage("is required.").SetValidator(new ProposedSourceValidator());
            claim.RuleFor(c => c.Via)
                .Must(v => v is null || v.Count <= ClaimRules.MaxVia).WithMessage($"must hold at most {ClaimRules.MaxVia} relays.")
                .Must(v => v is null || v.Where(s => s is not null).Select(SameSource.Key).Distinct().Count() == v.Count(s => s is not null))
                .WithMessage("must not name a source twice.")
                .Must((c, v) => v is null || c.Speaker is null || !v.Any(s => s is not null && SameSource.Key(s) == SameSource.Key(c.Speaker)))
                .WithMessage(ClaimRules.SpeakerInVia);
            claim.RuleForEach(c => c.Via).NotNull().WithMessage("must be a source, not null.").SetValidator(new ProposedSourceValidator());
            claim.RuleFor(c => c.Stance).IsInEnum();
            claim.RuleFor(c => c.Quantity!).SetValidator(new QuantityValidator()).When(c => c.Quantity is not null);
            claim.RuleFor(c => c.Subject).Name(ClaimRules.MaxSubjectLength);
        });
        RuleFor(r => r.Relations).Must(r => r is null || r.Count <= MaxRelations)
            .WithMessage($"must hold at most {MaxRelations} relations.");
        RuleFor(r => r.Relations).Custom((relations, context) =>
        {
            var count = context.InstanceToValidate.Claims?.Count ?? 0;
            for (var i = 0; i < (relations?.Count ?? 0); i++)
            {
                if (relations![i] is not { } relation)
                {
                    context.AddFailure($"Relations[{i}]", "must be a relation, not null.");
                    continue;
                }
                if (relation.From < 0 || relation.From >= count)
                {
                    context.AddFailure($"Relations[{i}].From", IndexMessage(count));
                }
                if (relation.To < 0 || relation.To >= count)
                {
                    context.AddFailure($"Relations[{i}].To", IndexMessage(count));
                }
                else if (relation.To == relation.From)
                {
                    context.AddFailure($"Relations[{i}].To", "must differ from from: a claim cannot relate to itself.");
                }
                if (!Enum.IsDefined(relation.Type))
                {
                    context.AddFailure($"Relations[{i}].Type", "is not a relation type.");
                }
            }
        });
    }

    private static string IndexMessage(int count) =>
        count == 0 ? "must be the index of a claim, and there are none." : $"must be the index of a claim: 0 to {count - 1}.";
}

/// <summary>When two proposed sources are the same before anything is resolved: the same id, or no id and the same folded name and kind.</summary>
internal static class SameSource
{
    public static string Key(ProposedSource source) =>
        source.SourceId is { } id ? $"#{id}" : $"{(source.Kind == SourceKind.Anonymous ? "a" : "n")}:{ProposalWriter.FoldedName(source.Name)}";
}
