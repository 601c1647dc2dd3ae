using CredibilityApi.Http;
using CredibilityApi.Sources;
using FluentValidation;

namespace CredibilityApi.Articles;

public sealed class CreateArticleRequestValidator : AbstractValidator<CreateArticleRequest>
{
    public const int MaxBodyLength = 500_000;
    public const int MaxCitations = 1_000;

    public CreateArticleRequestValidator()
    {
        RuleFor(r => r.Url).NotEmpty().WithMessage("is required.").HttpUrl();
        RuleFor(r => r.Title).Required(1_000);
        RuleFor(r => r.Language).LanguageTag();
        RuleFor(r => r.Author).Name(ValidationRules.MaxNameLength);
        RuleFor(r => r.PublishedAt).AcceptedDate();
        RuleFor(r => r.Body).PlainText(MaxBodyLength);
        RuleFor(r => r.Citations).Must(c => c is null || c.Count <= MaxCitations)
            .WithMessage($"must hold at most {MaxCitations} citations.");
        RuleForEach(r => r.Citations).NotNull().ChildRules(citation =>
        {
            citation.RuleFor(c => c.SourceId).NotNull().WithMessage("is required.");
            citation.RuleFor(c => c.Role).IsInEnum();
            citation.RuleFor(c => c.Start).GreaterThanOrEqualTo(0);
            citation.RuleFor(c => c.End).NotNull().When(c => c.Start is not null).WithMessage("is required with start.");
            citation.RuleFor(c => c.End).Must((c, end) => end is null || (c.Start is { } start && end > start))
                .WithMessage("must come after start, and start must be given.");
            citation.RuleFor(c => c.MatchedAlias).Name(ValidationRules.MaxNameLength);
        });
        RuleForEach(r => r.Citations)
            .Must((r, c) => c?.End is not { } end || end <= (r.Body?.Length ?? 0))
            .WithMessage("span must lie inside the body.");
    }
}

public sealed class ArticleListQueryValidator : AbstractValidator<ArticleListQuery>
{
    public ArticleListQueryValidator()
    {
        this.Paged(ranked: q => q.Q is not null);
        RuleFor(q => q.PublisherId).PositiveId();
        RuleFor(q => q.Q).MaximumLength(500);
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("must be after from.");
    }
}

public sealed class ArticleImportQueryValidator : AbstractValidator<ArticleImportQuery>
{
    public ArticleImportQueryValidator()
    {
        RuleFor(q => q.Url).NotEmpty().WithMessage("is required to store the article (or pass dryRun=true).")
            .When(q => q.DryRun != true);
        RuleFor(q => q.Url).HttpUrl();
    }
}
