using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CredibilityApi.Audit;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Dapper;

namespace CredibilityApi.ApiKeys;

public sealed record ActiveKey(long Id, string Name, ApiKeyRole Role);

public sealed class ApiKeyStore(Db db, AuditLog audit)
{
    public const string BootstrapName = "CREDIBILITY_ADMIN_KEY";

    private const string SecretPrefix = "cred_";
    private const int MinAdminSecretLength = 16;

    // The Authorization header may be 512 characters, "Bearer " included.
    private const int MaxAdminSecretLength = 505;

    public async Task<ActiveKey?> FindActiveAsync(string secret, CancellationToken ct)
    {
        const string sql = "SELECT id, name, role FROM api_keys WHERE key_hash = @Hash AND revoked_at IS NULL";
        var row = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<KeyRow>(sql, new { Hash = Hash(secret) }), ct);
        return row is null ? null : new ActiveKey(row.Id, row.Name, EnumText<ApiKeyRole>.Parse(row.Role));
    }

    public async Task<CreatedApiKeyResponse> CreateAsync(CreateApiKeyRequest request, Actor actor, CancellationToken ct)
    {
        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return await db.WriteAsync(async (c, tx) =>
        {
            var key = await InsertAsync(c, tx, request.Name.Trim(), request.Role!.Value, secret, secret[..10]);
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, "api-key", key.Id, null, key);
            return new CreatedApiKeyResponse(key.Id, key.Name, key.Role, key.Prefix!, key.CreatedAt, secret);
        }, ct);
    }

    public async Task<Page<ApiKeyResponse>> ListAsync(PageQuery query, CancellationToken ct)
    {
        const string sql = """
            SELECT id, name, role, prefix, created_at FROM api_keys
            WHERE revoked_at IS NULL AND id > @After
            ORDER BY id LIMIT @Take
            """;
        var limit = Paging.Take(query.Limit);
        Cursor.TryDecode(query.Cursor, out var after);
        var rows = await db.ReadAsync(
            c => c.QueryAsync<KeyRow>(sql, new { After = after, Take = limit + 1 }), ct);
        return Paging.ToPage([.. rows.Select(r => r.ToResponse())], limit, k => k.Id);
    }

    /// <summary>Revokes the key; false when there is no active key with that id.</summary>
    public Task<bool> RevokeAsync(long id, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            const string select = "SELECT id, name, role, prefix, created_at FROM api_keys WHERE id = @id AND revoked_at IS NULL";
            var before = await c.QuerySingleOrDefaultAsync<KeyRow>(select, new { id }, tx);
            if (before is null)
            {
                return false;
            }
            const string revoke = "UPDATE api_keys SET revoked_at = @Now WHERE id = @id";
            await c.ExecuteAsync(revoke, new { id, Now = Time.Store(DateTimeOffset.UtcNow) }, tx);
            await audit.RecordAsync(c, tx, actor, AuditAction.Delete, "api-key", id, before.ToResponse(), null);
            return true;
        }, ct);

    /// <summary>
    /// Why the operator's secret (CREDIBILITY_ADMIN_KEY) may not be used, or null when it may: it
    /// must be long enough not to be guessed and must survive the trimming of the Authorization header.
    /// </summary>
    public static string? AdminSecretProblem(string secret) =>
        secret.Length < MinAdminSecretLength
            ? $"{BootstrapName} must be at least {MinAdminSecretLength} characters long (it has {secret.Length})."
            : secret.Trim().Length != secret.Length
                ? $"{BootstrapName} must not begin or end with white space."
                : secret.Length > MaxAdminSecretLength
                    ? $"{BootstrapName} must be at most {MaxAdminSecretLength} characters long."
                    : null;

    /// <summary>
    /// Makes sure the operator's key (CREDIBILITY_ADMIN_KEY) exists, unless it was revoked through
    /// the API: a revocation is someone's deliberate act and outlives restarts; the operator gets
    /// an admin key back by setting a new secret. What happens is audited as the service's own act.
    /// </summary>
    public Task<BootstrapOutcome> EnsureAdminKeyAsync(string secret, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            const string find = "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys WHERE key_hash = @Hash";
            var existing = await c.QuerySingleOrDefaultAsync<KeyRow>(find, new { Hash = Hash(secret) }, tx);
            if (existing is { RevokedAt: null })
            {
                return BootstrapOutcome.Active;
            }
            if (existing is not null)
            {
                await audit.RecordAsync(c, tx, Actor.System, AuditAction.Refuse, "api-key", existing.Id, existing.ToResponse(), null);
                return BootstrapOutcome.Revoked;
            }
            var key = await InsertAsync(c, tx, BootstrapName, ApiKeyRole.Admin, secret, prefix: null);
            await audit.RecordAsync(c, tx, Actor.System, AuditAction.Create, "api-key", key.Id, null, key);
            return BootstrapOutcome.Created;
        }, ct);

    // The prefix shows the first characters of a secret the service generated (its fixed "cred_"
    // and a few random ones); of an operator's secret nothing is kept: it is stored empty.
    private static async Task<ApiKeyResponse> InsertAsync(
        System.Data.IDbConnection c, System.Data.IDbTransaction tx, string name, ApiKeyRole role, string secret, string? prefix)
    {
        const string sql = """
            INSERT INTO api_keys (name, role, key_hash, prefix, created_at)
            VALUES (@Name, @Role, @Hash, @Prefix, @CreatedAt)
            RETURNING id
            """;
        var now = DateTimeOffset.UtcNow;
        var id = await c.ExecuteScalarAsync<long>(sql, new
        {
            Name = name,
            Role = EnumText<ApiKeyRole>.Name(role),
            Hash = Hash(secret),
            Prefix = prefix ?? "",
            CreatedAt = Time.Store(now),
        }, tx);
        return new ApiKeyResponse(id, name, role, prefix, Time.Read(Time.Store(now)));
    }

    // Generated keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    // The operator's secret is at least 16 characters and never leaves the operator's environment.
    private static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private sealed class KeyRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Role { get; init; } = "";
        public string Prefix { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string? RevokedAt { get; init; }

        public ApiKeyResponse ToResponse() =>
            new(Id, Name, EnumText<ApiKeyRole>.Parse(Role), Prefix.Length == 0 ? null : Prefix, Time.Read(CreatedAt));
    }
}

/// <summary>What start-up did with the operator's key.</summary>
public enum BootstrapOutcome
{
    Created,
    Active,
    Revoked,
}
