using CredibilityApi.Http;
using FluentValidation;

namespace CredibilityApi.Verdicts;

public sealed class CreateVerdictRequestValidator : AbstractValidator<CreateVerdictRequest>
{
    public CreateVerdictRequestValidator()
    {
        RuleFor(r => r.Rating).NotNull().WithMessage("is required.").IsInEnum();
        RuleFor(r => r.Reviewer).RequiredName(ValidationRules.MaxNameLength);
        RuleFor(r => r.Url).HttpUrl();
        RuleFor(r => r.ReviewedAt).AcceptedDate();
        RuleFor(r => r.Explanation).PlainText(20_000);
        RuleFor(r => r.OriginalLabel).Name(200);
    }
}
