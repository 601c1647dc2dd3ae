using CredibilityApi.Articles;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using FluentValidation;

namespace CredibilityApi.Claims;

public sealed class QuantityValidator : AbstractValidator<Quantity>
{
    /// <summary>
    /// The largest magnitude a quantity may have: sums, differences and ratios of two such values
    /// stay far from overflow, and every integer up to it is exact in a double.
    /// </summary>
    public const double MaxMagnitude = 1e15;

    public QuantityValidator()
    {
        RuleFor(q => q.Value).Must(v => double.IsFinite(v) && Math.Abs(v) <= MaxMagnitude)
            .WithMessage("must be a finite number between -1e15 and 1e15.");
        RuleFor(q => q.Unit).RequiredName(50, symbolsAllowed: true);
        RuleFor(q => q.AsOf).AcceptedDate();
    }
}

/// <summary>The rules a claim's fields obey, whether they arrive in a create or a patch.</summary>
internal static class ClaimRules
{
    public const int MaxTextLength = 20_000;
    public const int MaxSubjectLength = 200;
    public const int MaxVia = 20;
    public const int MaxValueLength = 500;

    public const string ValueDescription =
        "The answer the claim gives to its subject's question (who carried out the strike, who wrote it), up to 500 characters; "
        + "instead of a quantity, never with one. Claims on one subject whose values are equal once folded (case, accents, Arabic "
        + "letter forms, punctuation and spacing aside) agree; different values compete.";

    public static void ViaPath<T>(AbstractValidator<T> v, Func<T, IReadOnlyList<long>?> via, Func<T, long?> speaker, SourceStore sources)
    {
        v.RuleFor(r => via(r))
            .Must(p => p is null || p.Count <= MaxVia).WithMessage($"must hold at most {MaxVia} relays.")
            .OverridePropertyName("Via")
            .Must(p => p is null || p.Distinct().Count() == p.Count).WithMessage("must not name a source twice.")
            .Must((r, p) => p is null || speaker(r) is not { } s || !p.Contains(s)).WithMessage("must not contain the speaker.")
            .CustomAsync(async (p, context, ct) =>
            {
                if (p is null || p.Count == 0)
                {
                    return;
                }
                var unknown = p.Where(id => !KnownIds.Contains(context, id)).ToList();
                if (unknown.Count == 0)
                {
                    return;
                }
                var existing = await sources.ExistingAsync(unknown, ct);
                for (var i = 0; i < p.Count; i++)
                {
                    if (!existing.Contains(p[i]) && !KnownIds.Contains(context, p[i]))
                    {
                        context.AddFailure($"Via[{i}]", "must be the id of an existing source.");
                    }
                }
            });
    }

    public static async Task<bool> SourceExists(SourceStore sources, long? id, CancellationToken ct) =>
        id is null || (await sources.ExistingAsync([id.Value], ct)).Count == 1;

    public static async Task<bool> ArticleExists(ArticleStore articles, long? id, CancellationToken ct) =>
        id is null || await articles.ExistsAsync(id.Value, ct);
}

public sealed class CreateClaimRequestValidator : AbstractValidator<CreateClaimRequest>
{
    public CreateClaimRequestValidator(SourceStore sources, ArticleStore articles)
    {
        RuleFor(r => r.Text).Required(ClaimRules.MaxTextLength);
        RuleFor(r => r.SpeakerId).NotNull().WithMessage("is required.")
            .MustAsync(async (_, id, context, ct) => KnownIds.Contains(context, id) || await ClaimRules.SourceExists(sources, id, ct)).WithMessage("must be the id of an existing source.");
        RuleFor(r => r.Stance).IsInEnum();
        RuleFor(r => r.Language).LanguageTag();
        RuleFor(r => r.Subject).Name(ClaimRules.MaxSubjectLength);
        RuleFor(r => r.ClaimedAt).AcceptedDate();
        RuleFor(r => r.Quantity!).SetValidator(new QuantityValidator()).When(r => r.Quantity is not null);
        RuleFor(r => r.ArticleId)
            .MustAsync(async (_, id, context, ct) => KnownIds.Contains(context, id) || await ClaimRules.ArticleExists(articles, id, ct)).WithMessage("must be the id of an existing article.");
        ClaimRules.ViaPath(this, r => r.Via, r => r.SpeakerId, sources);
    }
}

public sealed class UpdateClaimRequestValidator : AbstractValidator<UpdateClaimRequest>
{
    public UpdateClaimRequestValidator(SourceStore sources, ArticleStore articles)
    {
        RuleFor(r => r.Text).Required(ClaimRules.MaxTextLength).When(r => r.Text is not null);
        RuleFor(r => r.SpeakerId)
            .MustAsync(async (_, id, context, ct) => KnownIds.Contains(context, id) || await ClaimRules.SourceExists(sources, id, ct)).WithMessage("must be the id of an existing source.");
        RuleFor(r => r.Stance).IsInEnum();
        RuleFor(r => r.Language).LanguageTag().When(r => r.Language is not "");
        RuleFor(r => r.Subject).Name(ClaimRules.MaxSubjectLength).When(r => r.Subject is not "");
        RuleFor(r => r.ClaimedAt).AcceptedDate();
        RuleFor(r => r.Quantity!).SetValidator(new QuantityValidator()).When(r => r.Quantity is not null);
        RuleFor(r => r.ArticleId)
            .MustAsync(async (_, id, context, ct) => KnownIds.Contains(context, id) || await ClaimRules.ArticleExists(articles, id, ct)).WithMessage("must be the id of an existing article.");
        ClaimRules.ViaPath(this, r => r.Via, r => r.SpeakerId, sources);
    }
}

public sealed class ClaimListQueryValidator : AbstractValidator<ClaimListQuery>
{
    public ClaimListQueryValidator()
    {
        this.Paged(ranked: q => q.Q is not null);
        RuleFor(q => q.SourceId).PositiveId();
        RuleFor(q => q.Status).OneOf<ClaimListQuery, ClaimStatus>();
        RuleFor(q => q.Subject).MaximumLength(ClaimRules.MaxSubjectLength);
        RuleFor(q => q.Q).MaximumLength(500);
    }
}
