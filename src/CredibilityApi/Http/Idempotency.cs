using System.Collections.Concurrent;
using System.Data;
using CredibilityApi.Data;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Http;

/// <summary>
/// The Idempotency-Key header of the two imports: a retry with the same key (same caller, same
/// operation) after a lost answer stores nothing twice. The answer is kept with the key and
/// replayed; an NDJSON import cut off mid-way resumes after the lines it committed. Keys are kept
/// <see cref="Retention"/> and pruned as new ones are written.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public const string KeyRule = "must be one value of 1 to 200 visible ASCII characters (no spaces or controls).";

    /// <summary>The request's key (null when it has none), or the problem a malformed key gets.</summary>
    /// <param name="value">The header's value as bound.</param>
    /// <param name="count">How many times the header was sent.</param>
    public static ValidationProblem? Read(string? value, int count, out string? key)
    {
        key = null;
        if (count == 0)
        {
            return null;
        }
        if (count != 1 || value is not { Length: > 0 and <= MaxKeyLength } || value.Any(c => c is < '!' or > '~'))
        {
            return Problems.Invalid(Header, KeyRule);
        }
        key = value;
        return null;
    }

    /// <summary>The 409 for a key whose first request is still being answered.</summary>
    public static ProblemHttpResult Running() =>
        Problems.Conflict(
            $"A request with this {Header} is still running.",
            "Retry once it has been answered: the retry then gets its answer (or resumes it).");

    /// <summary>The 422 for a key sent again with another body.</summary>
    public static ProblemHttpResult OtherBody() =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [Header] = ["was used with another body: a retry must send the same body; use a new key for a new request."],
        })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = $"The {Header} belongs to a different request.",
        });

    /// <summary>Replays a kept answer: its status, media type and body as first sent.</summary>
    public static ContentHttpResult Replay(HttpResponse response, IdempotencyRecord record)
    {
        response.Headers[ReplayedHeader] = "true";
        return TypedResults.Content(record.Response, record.ContentType, System.Text.Encoding.UTF8, record.Status);
    }

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}

/// <summary>One caller's key for one operation.</summary>
public sealed record IdempotencyScope(string Operation, long KeyId, string Key);

/// <summary>What is kept under a key: an import's progress and, once answered, the answer.</summary>
public sealed class IdempotencyRecord
{
    public long Id { get; init; }
    public string BodyHash { get; init; } = "";
    public int CommittedLines { get; init; }
    public long CommittedBytes { get; init; }
    public int Accepted { get; init; }
    public int Batches { get; init; }
    public int? Status { get; init; }
    public string? ContentType { get; init; }
    public string? Response { get; init; }

    public bool Answered => Status is not null;
}

/// <summary>The idempotency_keys table, and which keys have a request running in this process.</summary>
public sealed class IdempotencyStore(Db db)
{
    private readonly ConcurrentDictionary<IdempotencyScope, byte> running = new();

    /// <summary>Marks the key as in use until the lease is disposed; null when a request with it is running.</summary>
    public IDisposable? TryBegin(IdempotencyScope scope) => running.TryAdd(scope, 0) ? new Lease(running, scope) : null;

    public Task<IdempotencyRecord?> FindAsync(IdempotencyScope scope, CancellationToken ct)
    {
        const string sql = """
            SELECT id, body_hash, committed_lines, committed_bytes, accepted, batches, status, content_type, response
            FROM idempotency_keys
            WHERE operation = @Operation AND key_id = @KeyId AND idempotency_key = @Key AND created_at >= @Cutoff
            """;
        return db.ReadAsync(c => c.QuerySingleOrDefaultAsync<IdempotencyRecord>(
            sql, new { scope.Operation, scope.KeyId, scope.Key, Cutoff = Cutoff() }), ct);
    }

    /// <summary>The states kept by <see cref="SaveProgressAsync"/>, in batch order.</summary>
    public async Task<IReadOnlyList<string>> BatchStatesAsync(long requestId, CancellationToken ct)
    {
        const string sql = "SELECT state_json FROM idempotency_batches WHERE request_id = @requestId ORDER BY batch";
        return [.. await db.ReadAsync(c => c.QueryAsync<string>(sql, new { requestId }), ct)];
    }

    /// <summary>
    /// Records, in the transaction that commits a batch, how far the request has got: the lines and bytes
    /// committed (their hash), and the batch's own state.
    /// </summary>
    public async Task SaveProgressAsync(
        IDbConnection c, IDbTransaction tx, IdempotencyScope scope, string prefixHash, int committedLines, long committedBytes,
        int accepted, int batch, string state)
    {
        var id = await UpsertAsync(c, tx, scope, prefixHash, committedLines, committedBytes, accepted, batch, null, null, null);
        await c.ExecuteAsync(
            "INSERT INTO idempotency_batches (request_id, batch, state_json) VALUES (@id, @batch, @state)",
            new { id, batch, state }, tx);
    }

    /// <summary>Keeps the answer, in the transaction of the request's last write when there is one.</summary>
    public async Task SaveAnswerAsync(
        IDbConnection c, IDbTransaction tx, IdempotencyScope scope, string bodyHash, long bodyBytes, int status, string contentType, string response)
    {
        var id = await UpsertAsync(c, tx, scope, bodyHash, null, bodyBytes, null, null, status, contentType, response);
        // the answer holds everything the batches kept
        await c.ExecuteAsync("DELETE FROM idempotency_batches WHERE request_id = @id", new { id }, tx);
    }

    public Task SaveAnswerAsync(IdempotencyScope scope, string bodyHash, long bodyBytes, int status, string contentType, string response) =>
        db.WriteAsync(async (c, tx) =>
        {
            await SaveAnswerAsync(c, tx, scope, bodyHash, bodyBytes, status, contentType, response);
            return true;
        }, CancellationToken.None);

    private static async Task<long> UpsertAsync(
        IDbConnection c, IDbTransaction tx, IdempotencyScope scope, string hash, int? lines, long bytes, int? accepted, int? batches,
        int? status, string? contentType, string? response)
    {
        // Expired keys go first, so a key used again after its retention starts afresh.
        const string prune = "DELETE FROM idempotency_keys WHERE created_at < @Cutoff";
        const string upsert = """
            INSERT INTO idempotency_keys (operation, key_id, idempotency_key, body_hash, committed_lines, committed_bytes, accepted,
                                          batches, status, content_type, response, created_at, updated_at)
            VALUES (@Operation, @KeyId, @Key, @Hash, coalesce(@Lines, 0), @Bytes, coalesce(@Accepted, 0), coalesce(@Batches, 0),
                    @Status, @ContentType, @Response, @Now, @Now)
            ON CONFLICT (operation, key_id, idempotency_key) DO UPDATE SET
                body_hash = excluded.body_hash,
                committed_lines = coalesce(@Lines, idempotency_keys.committed_lines),
                committed_bytes = excluded.committed_bytes,
                accepted = coalesce(@Accepted, idempotency_keys.accepted),
                batches = coalesce(@Batches, idempotency_keys.batches),
                status = excluded.status,
                content_type = excluded.content_type,
                response = excluded.response,
                updated_at = excluded.updated_at
            RETURNING id
            """;
        await c.ExecuteAsync(prune, new { Cutoff = Cutoff() }, tx);
        return await c.ExecuteScalarAsync<long>(upsert, new
        {
            scope.Operation,
            scope.KeyId,
            scope.Key,
            Hash = hash,
            Lines = lines,
            Bytes = bytes,
            Accepted = accepted,
            Batches = batches,
            Status = status,
            ContentType = contentType,
            Response = response,
            Now = Time.Store(DateTimeOffset.UtcNow),
        }, tx);
    }

    private static string Cutoff() => Time.Store(DateTimeOffset.UtcNow - Idempotency.Retention);

    private sealed class Lease(ConcurrentDictionary<IdempotencyScope, byte> running, IdempotencyScope scope) : IDisposable
    {
        public void Dispose() => running.TryRemove(scope, out _);
    }
}
