using CredibilityApi.Claims;
using CredibilityApi.Http;
using FluentValidation;

namespace CredibilityApi.Relations;

public sealed class CreateRelationRequestValidator : AbstractValidator<CreateRelationRequest>
{
    public CreateRelationRequestValidator()
    {
        RuleFor(r => r.FromClaimId).NotNull().WithMessage("is required.");
        RuleFor(r => r.ToClaimId).NotNull().WithMessage("is required.")
            .NotEqual(r => r.FromClaimId).WithMessage("must differ from fromClaimId: a claim cannot relate to itself.");
        RuleFor(r => r.Type).NotNull().WithMessage("is required.").IsInEnum();
        RuleFor(r => r.Note).PlainText(2_000);
    }
}

public sealed class RelationListQueryValidator : AbstractValidator<RelationListQuery>
{
    public RelationListQueryValidator()
    {
        this.Paged();
        RuleFor(q => q.ClaimId).PositiveId();
    }
}
