using System.Data;
using System.Data.Common;
using CredibilityApi.Audit;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Verdicts;

public sealed class VerdictStore(Db db, AuditLog audit)
{
    private const string Entity = "verdict";

    private const string Select = """
        SELECT id, claim_id, rating, reviewer, url, reviewed_at, explanation, original_label, created_at FROM verdicts
        """;

    /// <summary>Adds a verdict to an existing claim; null when there is no such claim.</summary>
    public Task<VerdictResponse?> CreateAsync(long claimId, CreateVerdictRequest request, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (!await StoredReferences.ExistsAsync(c, ReferenceKind.Claim, claimId, tx))
            {
                return null;
            }
            var verdict = await InsertAsync(c, tx, claimId, request);
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, Entity, verdict.Id, null, verdict);
            return verdict;
        }, ct);

    /// <summary>Inserts inside the caller's transaction; a trigger keeps the claim's status on its latest verdict (migration 0016).</summary>
    public static async Task<VerdictResponse> InsertAsync(DbConnection c, IDbTransaction tx, long claimId, CreateVerdictRequest request)
    {
        var id = RowWriter.Write(c, tx, rows => rows.AddVerdict(claimId, request));
        return (await c.QuerySingleAsync<VerdictRow>(Select + " WHERE id = @id", new { id }, tx)).ToResponse();
    }

    public Task<VerdictResponse?> GetAsync(long claimId, long id, CancellationToken ct) =>
        db.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<VerdictRow>(
            Select + " WHERE id = @id AND claim_id = @claimId", new { id, claimId }))?.ToResponse(), ct);

    /// <summary>
    /// A claim's verdicts, latest first by the order that picks the latest verdict (reviewedAt, then
    /// id), so the first item is the claim's latestVerdict; null when there is no such claim. The
    /// cursor names the last verdict of the previous page, whose (reviewed_at, id) is the key.
    /// </summary>
    public Task<Page<VerdictResponse>?> ListAsync(long claimId, PageQuery query, CancellationToken ct) =>
        db.ReadAsync(async c =>
        {
            if (!await StoredReferences.ExistsAsync(c, ReferenceKind.Claim, claimId))
            {
                return null;
            }
            const string sql = Select
                + " WHERE claim_id = @claimId"
                + " AND (@After IS NULL OR (reviewed_at, id) < (SELECT x.reviewed_at, x.id FROM verdicts x WHERE x.id = @After))"
                + " ORDER BY reviewed_at DESC, id DESC LIMIT @Take";
            var limit = Paging.Take(query.Limit);
            long? after = Cursor.TryDecode(query.Cursor, out var last) ? last : null;
            var rows = await c.QueryAsync<VerdictRow>(sql, new { claimId, After = after, Take = limit + 1 });
            return Paging.ToPage([.. rows.Select(r => r.ToResponse())], limit, v => v.Id);
        }, ct);

    /// <summary>The latest verdict (by reviewedAt, then id) of each claim that has one.</summary>
    public static async Task<Dictionary<long, VerdictSummary>> LatestAsync(IDbConnection c, IReadOnlyCollection<long> claimIds, IDbTransaction? tx = null)
    {
        var sql = $"""
            SELECT v.id, v.claim_id, v.rating, v.reviewer, v.reviewed_at, v.original_label FROM latest_verdicts v
            WHERE v.claim_id {c.In("@Ids")}
            """;
        var rows = await c.QueryAsync<VerdictRow>(sql, new { Ids = claimIds }, tx);
        return rows.ToDictionary(
            r => r.ClaimId,
            r => new VerdictSummary(r.Id, EnumText<Rating>.Parse(r.Rating), r.Reviewer, Time.Read(r.ReviewedAt), r.OriginalLabel));
    }

    private sealed class VerdictRow
    {
        public long Id { get; init; }
        public long ClaimId { get; init; }
        public string Rating { get; init; } = "";
        public string Reviewer { get; init; } = "";
        public string? Url { get; init; }
        public string ReviewedAt { get; init; } = "";
        public string? Explanation { get; init; }
        public string? OriginalLabel { get; init; }
        public string CreatedAt { get; init; } = "";

        public VerdictResponse ToResponse() => new(
            Id, ClaimId, EnumText<Rating>.Parse(Rating), Reviewer, Url, Time.Read(ReviewedAt), Explanation, OriginalLabel,
            Time.Read(CreatedAt));
    }
}
