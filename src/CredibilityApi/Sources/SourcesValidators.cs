using CredibilityApi.Http;
using FluentValidation;

namespace CredibilityApi.Sources;

public sealed class SourceAliasValidator : AbstractValidator<SourceAlias>
{
    public SourceAliasValidator()
    {
        RuleFor(a => a.Text).RequiredName(ValidationRules.MaxNameLength);
        RuleFor(a => a.Language).LanguageTag();
    }
}

public sealed class CreateSourceRequestValidator : AbstractValidator<CreateSourceRequest>
{
    public const int MaxAliases = 100;

    public CreateSourceRequestValidator()
    {
        // Existence is checked through the resolver; a new source has no members yet, so it closes no cycle.
        RuleFor(r => r.Name).RequiredName(ValidationRules.MaxNameLength);
        RuleFor(r => r.Kind).NotNull().WithMessage("is required.").IsInEnum();
        RuleFor(r => r.Country).CountryCode();
        RuleFor(r => r.Homepage).HttpUrl();
        RuleFor(r => r.Aliases).Must(a => a is null || a.Count <= MaxAliases)
            .WithMessage($"must hold at most {MaxAliases} aliases.");
        RuleForEach(r => r.Aliases).NotNull().SetValidator(new SourceAliasValidator());
    }
}

public sealed class UpdateSourceRequestValidator : AbstractValidator<UpdateSourceRequest>
{
    public UpdateSourceRequestValidator()
    {
        // 0 removes the affiliation; existence is checked through the resolver, a cycle inside the update.
        RuleFor(r => r.AffiliationId).GreaterThanOrEqualTo(0)
            .WithMessage("must be the id of an existing source, or 0 to remove the affiliation.");
        RuleFor(r => r.Name).RequiredName(ValidationRules.MaxNameLength).When(r => r.Name is not null);
        RuleFor(r => r.Kind).IsInEnum();
        RuleFor(r => r.Country).CountryCode().When(r => r.Country is not "");
        RuleFor(r => r.Homepage).HttpUrl().When(r => r.Homepage is not "");
        RuleFor(r => r.Aliases).Must(a => a is null || a.Count <= CreateSourceRequestValidator.MaxAliases)
            .WithMessage($"must hold at most {CreateSourceRequestValidator.MaxAliases} aliases.");
        RuleForEach(r => r.Aliases).NotNull().SetValidator(new SourceAliasValidator());
    }
}

public sealed class SourceListQueryValidator : AbstractValidator<SourceListQuery>
{
    public SourceListQueryValidator()
    {
        this.Paged();
        RuleFor(q => q.Kind).OneOf<SourceListQuery, SourceKind>();
        RuleFor(q => q.Q).MaximumLength(ValidationRules.MaxNameLength);
    }
}

public sealed class ResolveSourceQueryValidator : AbstractValidator<ResolveSourceQuery>
{
    public ResolveSourceQueryValidator()
    {
        // A look-up, not a stored name: any visible text may be asked after ("!!!" finds nothing), but not nothing.
        RuleFor(q => q.Name).RequiredName(ValidationRules.MaxNameLength, symbolsAllowed: true);
        RuleFor(q => q.Limit).InclusiveBetween(1, ResolveSourceQuery.MaxLimit)
            .WithMessage($"must be between 1 and {ResolveSourceQuery.MaxLimit}.");
    }
}
