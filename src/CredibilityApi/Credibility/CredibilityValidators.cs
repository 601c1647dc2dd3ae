using CredibilityApi.Http;
using CredibilityApi.Sources;
using FluentValidation;

namespace CredibilityApi.Credibility;

public sealed class CredibilityHistoryQueryValidator : AbstractValidator<CredibilityHistoryQuery>
{
    public CredibilityHistoryQueryValidator() =>
        RuleFor(q => q.Bucket).OneOf<CredibilityHistoryQuery, HistoryBucket>();
}

public sealed class SourceCredibilityQueryValidator : AbstractValidator<SourceCredibilityQuery>
{
    public SourceCredibilityQueryValidator() =>
        RuleFor(q => q.Topic).Must(t => t is null || Claims.ClaimTopics.Problem(t) is null)
            .WithMessage((_, t) => Claims.ClaimTopics.Problem(t)!);
}

public sealed class CredibilityRankingsQueryValidator : AbstractValidator<CredibilityRankingsQuery>
{
    public const double MaxMinEvidence = 1_000_000;

    public CredibilityRankingsQueryValidator()
    {
        RuleFor(q => q.Kind).OneOf<CredibilityRankingsQuery, SourceKind>();
        RuleFor(q => q.MinEvidence)
            .Must(m => m is null || (m >= 0 && m <= MaxMinEvidence))
            .WithMessage($"must be between 0 and {MaxMinEvidence}.");
        RuleFor(q => q.Limit).InclusiveBetween(1, CredibilityRankingsQuery.MaxLimit)
            .WithMessage($"must be between 1 and {CredibilityRankingsQuery.MaxLimit}.");
        RuleFor(q => q.AffiliationId).GreaterThan(0).WithMessage("must be a source id (1 or more).");
        RuleFor(q => q.GroupBy).OneOf<CredibilityRankingsQuery, RankingGroupBy>();
    }
}
