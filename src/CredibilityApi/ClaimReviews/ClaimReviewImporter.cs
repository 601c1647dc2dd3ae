using System.Data;
using System.Data.Common;
using CredibilityApi.Articles;
using CredibilityApi.Audit;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Reads;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using CredibilityApi.Verdicts;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.ClaimReviews;

/// <summary>
/// Writes the reviews of one ClaimReview document in one transaction, every created row audited. A review
/// whose url a stored verdict already has is left as it is (importing a feed again changes nothing).
/// Otherwise the reviewer, the speaker and each appearance's publisher are found by name or alias
/// (<see cref="SourceNameIndex"/>, exact or attached-prefix matches only) or created; each appearance is
/// found by url or created, citing the speaker; the claim is the speaker's claim with the same text or a
/// new one in the first appearance's article; and the review becomes a verdict on it.
/// </summary>
public sealed class ClaimReviewImporter(Db db, AuditLog audit, ReadModel model)
{
    /// <param name="reviews">The document's reviews.</param>
    /// <param name="actor">Who imports.</param>
    /// <param name="answered">Runs in the transaction with the answer, before it commits (an Idempotency-Key keeps it).</param>
    /// <param name="ct">Cancels the import.</param>
    public Task<ClaimReviewImportResponse> ImportAsync(
        IReadOnlyList<ReviewDraft> reviews, Actor actor, Func<IDbConnection, IDbTransaction, ClaimReviewImportResponse, Task>? answered,
        CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var run = new Run(c, tx, actor);
            var items = new List<ClaimReviewImportResult>(reviews.Count);
            foreach (var review in reviews)
            {
                items.Add(await ImportAsync(run, review, ct));
            }
            var created = items.Count(i => i.Status == ClaimReviewImportStatus.Created);
            var response = new ClaimReviewImportResponse(items, created, items.Count - created);
            if (answered is not null)
            {
                await answered(c, tx, response);
            }
            return response;
        }, ct);

    private async Task<ClaimReviewImportResult> ImportAsync(Run run, ReviewDraft review, CancellationToken ct)
    {
        const string stored = """
            SELECT v.id, v.claim_id, v.rating, c.speaker_id FROM verdicts v JOIN claims c ON c.id = v.claim_id
            WHERE v.url = @Url ORDER BY v.id LIMIT 1
            """;
        var (c, tx) = (run.Connection, run.Transaction);
        if (await c.QuerySingleOrDefaultAsync<StoredReview>(stored, new { review.Url }, tx) is { } known)
        {
            return new ClaimReviewImportResult(
                review.Url, ClaimReviewImportStatus.Unchanged, known.ClaimId, known.Id, EnumText<Rating>.Parse(known.Rating),
                await FindSourceAsync(run, review.Reviewer.Name, KindOf(review.Reviewer), ct), known.SpeakerId, []);
        }

        var reviewerId = await SourceAsync(run, review.Reviewer.Name, KindOf(review.Reviewer), ct);
        var speakerId = await SourceAsync(run, review.Speaker.Name, KindOf(review.Speaker), ct);
        var articleIds = new List<long>();
        foreach (var appearance in review.Appearances)
        {
            articleIds.Add(await ArticleAsync(run, appearance, speakerId, ct));
        }

        const string sameClaim = "SELECT id FROM claims WHERE speaker_id = @SpeakerId AND text = @Text ORDER BY id LIMIT 1";
        var claimId = await c.QuerySingleOrDefaultAsync<long?>(sameClaim, new { SpeakerId = speakerId, Text = review.ClaimText }, tx);
        if (claimId is null)
        {
            var claim = await ClaimStore.InsertAsync(c, tx, new CreateClaimRequest(
                review.ClaimText, speakerId, Language: LanguageGuess.Of(review.ClaimText), ClaimedAt: review.ClaimedAt,
                ArticleId: articleIds.Count > 0 ? articleIds[0] : null));
            await audit.RecordAsync(c, tx, run.Actor, AuditAction.Create, "claim", claim.Id, null, claim);
            claimId = claim.Id;
        }

        var verdict = await VerdictStore.InsertAsync(c, tx, claimId.Value, new CreateVerdictRequest(
            review.Rating, review.Reviewer.Name, review.Url, review.ReviewedAt, OriginalLabel: review.OriginalLabel));
        await audit.RecordAsync(c, tx, run.Actor, AuditAction.Create, "verdict", verdict.Id, null, verdict);
        return new ClaimReviewImportResult(
            review.Url, ClaimReviewImportStatus.Created, claimId.Value, verdict.Id, verdict.Rating, reviewerId, speakerId, articleIds);
    }

    private async Task<long> ArticleAsync(Run run, Appearance appearance, long speakerId, CancellationToken ct)
    {
        var (c, tx) = (run.Connection, run.Transaction);
        if (await ArticleStore.FindByUrlAsync(c, appearance.Url, tx) is { } existing)
        {
            return existing;
        }
        long? publisherId = appearance.Publisher is { } publisher ? await SourceAsync(run, publisher, SourceKind.Outlet, ct) : null;
        // A page the claim appears in relays its speaker; with no headline its url is the best title there is.
        var article = await ArticleStore.InsertAsync(c, tx, new CreateArticleRequest(
            appearance.Url,
            appearance.Headline ?? TitleFromUrl(appearance.Url),
            appearance.Headline is { } headline ? LanguageGuess.Of(headline) : null,
            appearance.PublishedAt,
            publisherId,
            Citations: [new CitationInput(speakerId, CitationRole.Reports)]));
        await audit.RecordAsync(c, tx, run.Actor, AuditAction.Create, "article", article.Id, null, article);
        return article.Id;
    }

    /// <summary>The source named <paramref name="name"/>, created as <paramref name="kind"/> when there is none.</summary>
    private async Task<long> SourceAsync(Run run, string name, SourceKind kind, CancellationToken ct)
    {
        if (await FindSourceAsync(run, name, kind, ct) is { } id)
        {
            return id;
        }
        var source = await SourceStore.InsertAsync(run.Connection, run.Transaction, new CreateSourceRequest(name, kind));
        await audit.RecordAsync(run.Connection, run.Transaction, run.Actor, AuditAction.Create, "source", source.Id, null, source);
        run.Created[Key(name)] = source.Id;
        return source.Id;
    }

    /// <summary>
    /// A source named so, exactly or once an attached prefix is off: one created earlier in this transaction
    /// (the index only sees committed names), else the best the index knows, a source of the wanted kind first.
    /// </summary>
    private async Task<long?> FindSourceAsync(Run run, string name, SourceKind kind, CancellationToken ct)
    {
        if (run.Created.TryGetValue(Key(name), out var created))
        {
            return created;
        }
        return (await model.NamesAsync(ct)).Resolve(name, ResolveSourceQuery.MaxLimit, near: false)
            .OrderBy(m => m.Match)
            .ThenBy(m => (m.Source.Kind == SourceKind.Person) == (kind == SourceKind.Person) ? 0 : 1)
            .ThenBy(m => m.Source.Id)
            .FirstOrDefault()?.Source.Id;
    }

    private static SourceKind KindOf(Party party) => party.IsPerson ? SourceKind.Person : SourceKind.Organization;

    private static string Key(string name) =>
        TextFold.Words(name).Select(w => w.Folded).ToList() is { Count: > 0 } words ? string.Join(' ', words) : TextFold.Fold(name);

    private sealed record Run(DbConnection Connection, IDbTransaction Transaction, Actor Actor)
    {
        /// <summary>Sources created by this import, by folded name.</summary>
        public Dictionary<string, long> Created { get; } = new(StringComparer.Ordinal);
    }

    private sealed class StoredReview
    {
        public long Id { get; init; }
        public long ClaimId { get; init; }
        public string Rating { get; init; } = "";
        public long SpeakerId { get; init; }
    }

    /// <summary>A url as an article's title: titles stop at 1,000 characters, urls may be longer.</summary>
    private static string TitleFromUrl(string url)
    {
        const int MaxTitle = 1_000;
        if (url.Length <= MaxTitle)
        {
            return url;
        }
        var cut = char.IsHighSurrogate(url[MaxTitle - 1]) ? MaxTitle - 1 : MaxTitle;
        return url[..cut];
    }
}
