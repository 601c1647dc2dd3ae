using CredibilityApi.Http;
using FluentValidation;

namespace CredibilityApi.ApiKeys;

public sealed class CreateApiKeyRequestValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyRequestValidator()
    {
        RuleFor(r => r.Name).RequiredName(ValidationRules.MaxNameLength);
        RuleFor(r => r.Role).NotNull().WithMessage("is required.").IsInEnum();
    }
}
