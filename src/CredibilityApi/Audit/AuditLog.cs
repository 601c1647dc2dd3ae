using System.Data;
using System.Text.Json;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Dapper;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Audit;

/// <summary>
/// The append-only record of writes. Every writer calls <see cref="RecordAsync"/> inside its own
/// transaction, so a write and its audit entry commit or vanish together.
/// </summary>
public sealed class AuditLog(Db db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private readonly JsonSerializerOptions options = json.Value.SerializerOptions;

    public Task RecordAsync(
        IDbConnection connection,
        IDbTransaction transaction,
        Actor actor,
        AuditAction action,
        string entity,
        long entityId,
        object? before,
        object? after)
    {
        const string sql = """
            INSERT INTO audit_log (at, key_id, action, entity, entity_id, before_json, after_json)
            VALUES (@At, @KeyId, @Action, @Entity, @EntityId, @Before, @After)
            """;
        return connection.ExecuteAsync(sql, new
        {
            At = Time.Store(DateTimeOffset.UtcNow),
            actor.KeyId,
            Action = EnumText<AuditAction>.Name(action),
            Entity = entity,
            EntityId = entityId,
            Before = Serialize(before),
            After = Serialize(after),
        }, transaction);
    }

    public async Task<Page<AuditEntryResponse>> ListAsync(AuditQuery query, CancellationToken ct)
    {
        const string sql = """
            SELECT id, at, key_id, action, entity, entity_id, before_json, after_json FROM audit_log
            WHERE id < @Before
              AND (@Entity IS NULL OR entity = @Entity)
              AND (@EntityId IS NULL OR entity_id = @EntityId)
            ORDER BY id DESC LIMIT @Take
            """;
        var limit = Paging.Take(query.Limit);
        var before = Cursor.TryDecode(query.Cursor, out var last) ? last : long.MaxValue;
        var rows = await db.ReadAsync(c => c.QueryAsync<AuditRow>(sql, new
        {
            Before = before,
            query.Entity,
            EntityId = query.Id,
            Take = limit + 1,
        }), ct);
        return Paging.ToPage([.. rows.Select(r => r.ToResponse())], limit, e => e.Id);
    }

    private string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), options);

    private sealed class AuditRow
    {
        public long Id { get; init; }
        public string At { get; init; } = "";
        public long? KeyId { get; init; }
        public string Action { get; init; } = "";
        public string Entity { get; init; } = "";
        public long? EntityId { get; init; }
        public string? BeforeJson { get; init; }
        public string? AfterJson { get; init; }

        public AuditEntryResponse ToResponse() => new(
            Id,
            Time.Read(At),
            KeyId,
            EnumText<AuditAction>.Parse(Action),
            Entity,
            EntityId,
            Parse(BeforeJson),
            Parse(AfterJson));

        private static JsonElement? Parse(string? text) =>
            text is null ? null : JsonDocument.Parse(text).RootElement.Clone();
    }
}
