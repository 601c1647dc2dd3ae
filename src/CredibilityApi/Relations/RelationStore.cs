using System.Data;
using System.Data.Common;
using CredibilityApi.Audit;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Relations;

public sealed class RelationStore(Db db, AuditLog audit)
{
    private const string Entity = "relation";

    /// <summary>Relations never change, so every one has version 1 (its ETag).</summary>
    public const long Version = 1;

    public Task<WriteResult<RelationResponse>> CreateAsync(CreateRelationRequest request, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            const string duplicate = """
                SELECT id FROM relations WHERE from_claim_id = @FromClaimId AND to_claim_id = @ToClaimId AND type = @Type
                """;
            var type = EnumText<RelationType>.Name(request.Type!.Value);
            if (await c.QuerySingleOrDefaultAsync<long?>(duplicate, new { request.FromClaimId, request.ToClaimId, Type = type }, tx)
                is { } existing)
            {
                return WriteResult<RelationResponse>.Conflict($"Relation {existing} already says this.");
            }
            var relation = await InsertAsync(c, tx, request);
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, Entity, relation.Id, null, relation);
            return WriteResult<RelationResponse>.Done(relation);
        }, ct);

    /// <summary>Inserts inside the caller's transaction (also used by the demo loader and imports).</summary>
    public static async Task<RelationResponse> InsertAsync(DbConnection c, IDbTransaction tx, CreateRelationRequest request)
    {
        var id = RowWriter.Write(c, tx, rows => rows.AddRelation(request));
        return (await c.QuerySingleAsync<RelationRow>(Select + " WHERE id = @id", new { id }, tx)).ToResponse();
    }

    public Task<RelationResponse?> GetAsync(long id, CancellationToken ct) =>
        db.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<RelationRow>(Select + " WHERE id = @id", new { id }))?.ToResponse(), ct);

    public async Task<Page<RelationResponse>> ListAsync(RelationListQuery query, CancellationToken ct)
    {
        var limit = Paging.Take(query.Limit);
        Cursor.TryDecode(query.Cursor, out var after);
        var sql = query.ClaimId is null
            ? Select + " WHERE id > @After ORDER BY id LIMIT @Take"
            : $"""
              SELECT * FROM (
                  {Select} WHERE from_claim_id = @ClaimId AND id > @After
                  UNION
                  {Select} WHERE to_claim_id = @ClaimId AND id > @After) AS r
              ORDER BY id LIMIT @Take
              """;
        var rows = await db.ReadAsync(c => c.QueryAsync<RelationRow>(sql, new { After = after, query.ClaimId, Take = limit + 1 }), ct);
        return Paging.ToPage([.. rows.Select(r => r.ToResponse())], limit, r => r.Id);
    }

    public Task<WriteResult<RelationResponse>> DeleteAsync(long id, Func<long, bool> isStale, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = (await c.QuerySingleOrDefaultAsync<RelationRow>(Select + " WHERE id = @id", new { id }, tx))?.ToResponse();
            if (before is null)
            {
                return WriteResult<RelationResponse>.NotFound;
            }
            if (isStale(Version))
            {
                return WriteResult<RelationResponse>.Stale;
            }
            await c.ExecuteAsync("DELETE FROM relations WHERE id = @id", new { id }, tx);
            await audit.RecordAsync(c, tx, actor, AuditAction.Delete, Entity, id, before, null);
            return WriteResult<RelationResponse>.Done(null);
        }, ct);

    private const string Select = "SELECT id, from_claim_id, to_claim_id, type, note, created_at FROM relations";

    private sealed class RelationRow
    {
        public long Id { get; init; }
        public long FromClaimId { get; init; }
        public long ToClaimId { get; init; }
        public string Type { get; init; } = "";
        public string? Note { get; init; }
        public string CreatedAt { get; init; } = "";

        public RelationResponse ToResponse()
        {
            var type = EnumText<RelationType>.Parse(Type);
            return new RelationResponse(Id, FromClaimId, ToClaimId, type, RelationTypes.IsOpposing(type), Note, Time.Read(CreatedAt));
        }
    }
}
