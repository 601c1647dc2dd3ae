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
/// new one in the first appearance's article, carrying itemReviewed.value and the keywords as topics (a stored
/// claim is completed with them, never contradicted: see <see cref="PlanAsync"/>); and the review becomes a verdict on it.
/// </summary>
public sealed class ClaimReviewImporter(Db db, AuditLog audit, ReadModel model)
{
    /// <param name="reviews">The document's reviews.</param>
    /// <param name="actor">Who imports.</param>
    /// <param name="answered">Runs in the transaction with the answer, before it commits (an Idempotency-Key keeps it).</param>
    /// <param name="ct">Cancels the import.</param>
    /// <returns>The answer, or (nothing written) the errors only the stored rows reveal, keyed by JSON path.</returns>
    public Task<ClaimReviewImport> ImportAsync(
        IReadOnlyList<ReviewDraft> reviews, Actor actor, Func<IDbConnection, IDbTransaction, ClaimReviewImportResponse, Task>? answered,
        CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var run = new Run(c, tx, actor);
            // Every claim's value and topics are settled before anything is written, so a refusal leaves nothing behind.
            var (plans, errors) = await PlanAsync(run, reviews, ct);
            if (errors is not null)
            {
                return new ClaimReviewImport(null, errors);
            }
            var items = new List<ClaimReviewImportResult>(reviews.Count);
            for (var i = 0; i < reviews.Count; i++)
            {
                items.Add(await ImportAsync(run, reviews[i], plans[i], ct));
            }
            var created = items.Count(i => i.Status == ClaimReviewImportStatus.Created);
            var response = new ClaimReviewImportResponse(items, created, items.Count - created);
            if (answered is not null)
            {
                await answered(c, tx, response);
            }
            return new ClaimReviewImport(response, null);
        }, ct);

    private const string StoredReviewSql = """
        SELECT v.id, v.claim_id, v.rating, c.speaker_id FROM verdicts v JOIN claims c ON c.id = v.claim_id
        WHERE v.url = @Url ORDER BY v.id LIMIT 1
        """;

    private const string SameClaimSql = "SELECT id FROM claims WHERE speaker_id = @SpeakerId AND text = @Text ORDER BY id LIMIT 1";

    /// <summary>
    /// What each review makes of its claim (null for a review already stored): the reviews of one claim (the speaker's claim
    /// with the same text, stored or made by this document) share one plan, holding the value and topics it ends with —
    /// the stored ones, completed by the reviews'. A review whose value differs (once folded) from the claim's, or whose
    /// keywords would give the claim more than five topics, is refused, never dropped.
    /// </summary>
    private async Task<(List<ClaimPlan?> Plans, Dictionary<string, string[]>? Errors)> PlanAsync(
        Run run, IReadOnlyList<ReviewDraft> reviews, CancellationToken ct)
    {
        var (c, tx) = (run.Connection, run.Transaction);
        var plans = new List<ClaimPlan?>(reviews.Count);
        var claims = new Dictionary<(string Speaker, string Text), ClaimPlan>();
        var urls = new HashSet<string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var review in reviews)
        {
            if (!urls.Add(review.Url) || await c.QuerySingleOrDefaultAsync<StoredReview>(StoredReviewSql, new { review.Url }, tx) is not null)
            {
                plans.Add(null);
                continue;
            }
            // As the write will find it: a source the index knows, else the one this document creates under the name.
            var speakerId = await FindSourceAsync(run, review.Speaker.Name, KindOf(review.Speaker), ct);
            var key = (speakerId is { } known ? $"#{known}" : Key(review.Speaker.Name), review.ClaimText);
            if (!claims.TryGetValue(key, out var plan))
            {
                plan = new ClaimPlan();
                if (speakerId is not null
                    && await c.QuerySingleOrDefaultAsync<long?>(SameClaimSql, new { SpeakerId = speakerId, Text = review.ClaimText }, tx) is { } id)
                {
                    var stored = (await ClaimStore.LoadAsync(c, [id], tx)).Single();
                    (plan.StoredId, plan.Value, plan.HasQuantity) = (id, stored.Value, stored.Quantity is not null);
                    plan.Topics.AddRange(stored.Topics);
                    plan.ValueFrom = plan.Value is null ? null : $"claim {id}, the speaker's stored claim with this text,";
                }
                claims[key] = plan;
            }
            if (review.Value is { } value)
            {
                var field = $"{(review.Path.Length == 0 ? "" : review.Path + ".")}itemReviewed.value";
                if (plan.HasQuantity)
                {
                    errors[field] = [$"must not be given: claim {plan.StoredId}, the speaker's stored claim with this text, states a quantity, and a claim answers with a value or a number, not both."];
                }
                else if (plan.Value is null)
                {
                    (plan.Value, plan.ValueFrom) = (value, $"review {review.Url}");
                }
                else if (TextFold.Key(plan.Value) != TextFold.Key(value))
                {
                    errors[field] = [$"differs from the value '{plan.Value}' that {plan.ValueFrom} gives: a claim gives one answer. Change the claim's value (PATCH /v1/claims/{{id}}) or this review's."];
                }
            }
            var added = false;
            foreach (var topic in review.Topics)
            {
                if (!plan.Topics.Contains(topic))
                {
                    plan.Topics.Add(topic);
                    added = true;
                }
            }
            // Named at the review whose keywords pass the limit (a later review adding nothing is not at fault).
            if (added && plan.Topics.Count > ClaimTopics.MaxTopics && !errors.ContainsKey(review.KeywordsField))
            {
                errors[review.KeywordsField] = [
                    $"would give the claim more than {ClaimTopics.MaxTopics} topics ({string.Join(", ", plan.Topics)}), with those it " +
                    "has or other reviews of this document give it; a claim keeps at most five."];
            }
            plans.Add(plan);
        }
        return (plans, errors.Count > 0 ? errors : null);
    }

    private async Task<ClaimReviewImportResult> ImportAsync(Run run, ReviewDraft review, ClaimPlan? plan, CancellationToken ct)
    {
        var (c, tx) = (run.Connection, run.Transaction);
        if (await c.QuerySingleOrDefaultAsync<StoredReview>(StoredReviewSql, new { review.Url }, tx) is { } known)
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

        var claimId = await c.QuerySingleOrDefaultAsync<long?>(SameClaimSql, new { SpeakerId = speakerId, Text = review.ClaimText }, tx);
        if (claimId is null)
        {
            var claim = await ClaimStore.InsertAsync(c, tx, new CreateClaimRequest(
                review.ClaimText, speakerId, Language: LanguageGuess.Of(review.ClaimText), ClaimedAt: review.ClaimedAt,
                ArticleId: articleIds.Count > 0 ? articleIds[0] : null, Value: plan?.Value, Topics: plan?.Topics));
            await audit.RecordAsync(c, tx, run.Actor, AuditAction.Create, "claim", claim.Id, null, claim);
            claimId = claim.Id;
        }
        else if (plan is not null)
        {
            await CompleteAsync(run, claimId.Value, plan);
        }
        if (plan is not null)
        {
            plan.Written = true;
        }

        var verdict = await VerdictStore.InsertAsync(c, tx, claimId.Value, new CreateVerdictRequest(
            review.Rating, review.Reviewer.Name, review.Url, review.ReviewedAt, OriginalLabel: review.OriginalLabel));
        await audit.RecordAsync(c, tx, run.Actor, AuditAction.Create, "verdict", verdict.Id, null, verdict);
        return new ClaimReviewImportResult(
            review.Url, ClaimReviewImportStatus.Created, claimId.Value, verdict.Id, verdict.Rating, reviewerId, speakerId, articleIds);
    }

    /// <summary>Gives a stored claim the value and topics its plan ends with, once, audited, when they add to what it has.</summary>
    private async Task CompleteAsync(Run run, long claimId, ClaimPlan plan)
    {
        var (c, tx) = (run.Connection, run.Transaction);
        if (plan.Written)
        {
            return;
        }
        var before = (await ClaimStore.LoadAsync(c, [claimId], tx)).Single();
        if (before.Value == plan.Value && before.Topics.SequenceEqual(plan.Topics, StringComparer.Ordinal))
        {
            return;
        }
        // The plan only adds: a value where the claim had none (or the one it had), topics after those it had.
        var after = await ClaimStore.CompleteAnswerAsync(c, tx, claimId, before.Value ?? plan.Value, plan.Topics);
        await audit.RecordAsync(c, tx, run.Actor, AuditAction.Update, "claim", claimId, before, after);
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

    /// <summary>What the reviews of a document make of one claim: the value and topics it ends with.</summary>
    private sealed class ClaimPlan
    {
        public long? StoredId { get; set; }
        public bool HasQuantity { get; set; }
        public string? Value { get; set; }
        /// <summary>Who gave the value, as a refusal names it.</summary>
        public string? ValueFrom { get; set; }
        public List<string> Topics { get; } = [];
        /// <summary>The claim has its value and topics (created with them, or completed).</summary>
        public bool Written { get; set; }
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
