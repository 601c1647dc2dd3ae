using CredibilityApi.Http;
using FluentValidation;

namespace CredibilityApi.Audit;

public sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    private static readonly string[] Entities = ["source", "article", "claim", "relation", "verdict", "api-key", "import"];

    public AuditQueryValidator()
    {
        this.Paged();
        RuleFor(q => q.Entity).Must(e => e is null || Entities.Contains(e))
            .WithMessage($"must be one of: {string.Join(", ", Entities)}.");
        RuleFor(q => q.Id).GreaterThan(0);
    }
}
