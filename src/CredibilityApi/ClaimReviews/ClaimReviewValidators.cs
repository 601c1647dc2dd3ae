using CredibilityApi.Http;
using FluentValidation;

namespace CredibilityApi.ClaimReviews;

public sealed class ClaimReviewFeedQueryValidator : AbstractValidator<ClaimReviewFeedQuery>
{
    public ClaimReviewFeedQueryValidator() => this.Paged();
}
