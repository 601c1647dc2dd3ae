using System.Data;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;
using Dapper;

namespace CredibilityApi.ClaimReviews;

/// <summary>Reads claims with a verdict as ClaimReview: the latest verdict (by reviewedAt) is the review.</summary>
public sealed class ClaimReviewStore(Db db)
{
    private const string Select = """
        SELECT c.id, c.text, c.claimed_at, c.value, s.name AS speaker_name, s.kind AS speaker_kind,
               a.url AS article_url, a.title AS article_title, a.published_at AS article_published_at,
               p.name AS publisher_name,
               v.id AS verdict_id, v.rating, v.reviewer, v.url AS review_url, v.reviewed_at, v.original_label
        FROM claims c
        JOIN sources s ON s.id = c.speaker_id
        LEFT JOIN articles a ON a.id = c.article_id
        LEFT JOIN sources p ON p.id = a.publisher_id
        JOIN latest_verdicts v ON v.claim_id = c.id
        """;

    public Task<ClaimReview?> GetAsync(long claimId, string baseUrl, CancellationToken ct) =>
        db.ReadAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(Select + " WHERE c.id = @claimId", new { claimId });
            return row?.ToReview(baseUrl, (await TopicsAsync(c, [row.Id]))[row.Id]);
        }, ct);

    /// <summary>The topics of claims, in each claim's order.</summary>
    private static async Task<ILookup<long, string>> TopicsAsync(IDbConnection c, IReadOnlyCollection<long> ids)
    {
        var sql = $"SELECT claim_id, topic FROM claim_topics WHERE claim_id {c.In("@Ids")} ORDER BY claim_id, position";
        return (await c.QueryAsync<(long ClaimId, string Topic)>(sql, new { Ids = ids })).ToLookup(t => t.ClaimId, t => t.Topic);
    }

    public async Task<ClaimReviewFeed> FeedAsync(ClaimReviewFeedQuery query, string baseUrl, CancellationToken ct)
    {
        const string sql = Select + " WHERE c.status <> 'unrated' AND c.id > @After ORDER BY c.id LIMIT @Take";
        var limit = Paging.Take(query.Limit);
        var after = Cursor.TryDecode(query.Cursor, out var last) ? last : 0;
        var (rows, topics) = await db.ReadAsync(async c =>
        {
            var rows = (await c.QueryAsync<Row>(sql, new { After = after, Take = limit + 1 })).ToList();
            return (rows, await TopicsAsync(c, [.. rows.Select(r => r.Id)]));
        }, ct);
        var page = Paging.ToPage([.. rows.Select(r => (r.Id, Review: r.ToReview(baseUrl, topics[r.Id])))], limit, r => r.Id);
        return new ClaimReviewFeed("https://schema.org", "DataFeed", [.. page.Items.Select(r => r.Review)], page.NextCursor);
    }

    /// <summary>true 5 … false 1, as ClaimReview publishers commonly map their scales.</summary>
    public static int? RatingValue(Rating rating) => rating switch
    {
        Rating.True => 5,
        Rating.MostlyTrue => 4,
        Rating.Mixed => 3,
        Rating.MostlyFalse => 2,
        Rating.False => 1,
        _ => null,
    };

    private sealed class Row
    {
        public long Id { get; init; }
        public string Text { get; init; } = "";
        public string? ClaimedAt { get; init; }
        public string? Value { get; init; }
        public string SpeakerName { get; init; } = "";
        public string SpeakerKind { get; init; } = "";
        public string? ArticleUrl { get; init; }
        public string? ArticleTitle { get; init; }
        public string? ArticlePublishedAt { get; init; }
        public string? PublisherName { get; init; }
        public long VerdictId { get; init; }
        public string Rating { get; init; } = "";
        public string Reviewer { get; init; } = "";
        public string? ReviewUrl { get; init; }
        public string ReviewedAt { get; init; } = "";
        public string? OriginalLabel { get; init; }

        public ClaimReview ToReview(string baseUrl, IEnumerable<string> topics)
        {
            var rating = EnumText<Rating>.Parse(Rating);
            var appearance = ArticleUrl is null
                ? null
                : new CreativeWorkLink(
                    "CreativeWork",
                    ArticleUrl,
                    ArticleTitle,
                    Time.ReadOptional(ArticlePublishedAt),
                    PublisherName is null ? null : new LinkedDataThing("Organization", PublisherName));
            var speakerType = EnumText<SourceKind>.Parse(SpeakerKind) == SourceKind.Person ? "Person" : "Organization";
            return new ClaimReview(
                "https://schema.org",
                "ClaimReview",
                // A review imported from elsewhere keeps its own address, so exporting what was imported gives back the
                // same document; a verdict recorded here without one is addressed as the verdict itself, which stays
                // unique when the claim gets a later verdict (the url is what makes importing it elsewhere idempotent).
                ReviewUrl ?? $"{baseUrl}/v1/claims/{Id}/verdicts/{VerdictId}",
                Text,
                Time.Read(ReviewedAt),
                new LinkedDataThing("Organization", Reviewer),
                new ClaimReviewRating("Rating", RatingValue(rating), 5, 1, OriginalLabel ?? Rating, Rating),
                new ReviewedClaim(
                    "Claim",
                    new LinkedDataThing(speakerType, SpeakerName),
                    Time.ReadOptional(ClaimedAt),
                    appearance is null ? [] : [appearance],
                    appearance,
                    Value),
                [.. topics]);
        }
    }
}
