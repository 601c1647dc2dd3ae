using CredibilityApi.Http;
using FluentValidation;

namespace CredibilityApi.Chains;

public sealed class ChainQueryValidator : AbstractValidator<ChainQuery>
{
    public ChainQueryValidator() =>
        RuleFor(q => q.Depth).InclusiveBetween(1, ChainQuery.MaxDepth)
            .WithMessage($"must be between 1 and {ChainQuery.MaxDepth}.");
}

public sealed class ContradictionQueryValidator : AbstractValidator<ContradictionQuery>
{
    public ContradictionQueryValidator()
    {
        this.Paged();
        RuleFor(q => q.Status).OneOf<ContradictionQuery, ContradictionStatus>();
        RuleFor(q => q.Subject).MaximumLength(200);
    }
}

public sealed class SubjectQueryValidator : AbstractValidator<SubjectQuery>
{
    public SubjectQueryValidator() =>
        RuleFor(q => q.Tolerance).InclusiveBetween(0, 1).WithMessage("must be between 0 and 1.");
}
