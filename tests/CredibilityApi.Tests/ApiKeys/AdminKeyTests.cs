using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Tests.ApiKeys;

/// <summary>
/// The operator's key from CREDIBILITY_ADMIN_KEY: none of its characters is ever stored or shown,
/// a short one stops start-up, and a revocation through the API outlives restarts.
/// </summary>
public sealed class AdminKeyTests : IDisposable
{
    private const string Secret = "Zq7-operator-secret-XY";

    // Any run of the secret's characters this long would give part of it away.
    private const string Fragment = "Zq7-op";

    private const string Migration = "0015_blank_bootstrap_key_prefix.sql";

    private readonly string database = ApiFactory.NewDatabasePath();
    private readonly string backups = Path.Combine(Path.GetTempPath(), $"credibility-backups-{Guid.NewGuid():N}");

    public void Dispose()
    {
        ApiFactory.DeleteDatabase(database);
        if (Directory.Exists(backups))
        {
            Directory.Delete(backups, recursive: true);
        }
    }

    [Fact]
    public async Task NoCharacterOfTheOperatorsSecretIsShownStoredOrBackedUp()
    {
        using var api = ApiFactory.Over(database).With("CREDIBILITY_ADMIN_KEY", Secret).With("Backup:Directory", backups);
        var admin = api.WithKey(Secret);
        var editor = await (await admin.PostJson("/v1/api-keys", new { name = "desk", role = "editor" })).AssertJson(HttpStatusCode.Created);
        (await admin.Delete($"/v1/api-keys/{editor.Id()}")).EnsureSuccessStatusCode();
        // A PostgreSQL store is backed up with pg_dump, outside the service (the endpoint answers 501).
        var backup = TestStore.IsPostgres
            ? (JsonElement?)null
            : await (await admin.PostAsync("/v1/admin/backup", null)).AssertJson(HttpStatusCode.Created);

        var listing = await (await admin.GetAsync("/v1/api-keys")).AssertJson(HttpStatusCode.OK);
        var operatorKey = Assert.Single(listing.GetProperty("items").EnumerateArray(), k => k.GetProperty("name").GetString() == "CREDIBILITY_ADMIN_KEY");
        Assert.Equal(JsonValueKind.Null, operatorKey.GetProperty("prefix").ValueKind);
        Assert.DoesNotContain(Fragment, listing.GetRawText(), StringComparison.Ordinal);
        var audit = await (await admin.GetAsync("/v1/audit?limit=500")).AssertJson(HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("entityId").GetInt64() == operatorKey.Id());
        Assert.DoesNotContain(Fragment, audit.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(await RowsHolding(database, Fragment));
        if (backup is { } taken)
        {
            var copy = Path.Combine(backups, taken.GetProperty("file").GetString()!);
            Assert.Empty(await RowsHoldingInCopy(copy, Fragment));
            Assert.DoesNotContain(Fragment, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(copy)), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("change-me", "at least 16 characters")]
    [InlineData("0123456789abcde", "at least 16 characters")]
    [InlineData(" padded-operator-secret ", "white space")]
    public void AnAdminSecretTooShortOrPaddedStopsStartUp(string secret, string reason)
    {
        var failure = ApiFactory.StartUpFailure(() => new ApiFactory().With("CREDIBILITY_ADMIN_KEY", secret));

        var message = Messages(failure);
        Assert.Contains("CREDIBILITY_ADMIN_KEY", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Trim(), message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APrefixLeakedByAnEarlierVersionIsBlankedAtStartUp()
    {
        long keyId;
        using (var api = ApiFactory.Over(database).With("CREDIBILITY_ADMIN_KEY", Secret))
        {
            var listing = await (await api.WithKey(Secret).GetAsync("/v1/api-keys")).AssertJson(HttpStatusCode.OK);
            keyId = Assert.Single(listing.GetProperty("items").EnumerateArray()).Id();
        }
        // The database as an earlier version left it: the secret's first ten characters in the
        // key's row and in its audit entry, and this migration not yet applied.
        await using (var connection = TestStore.Open(database))
        {
            await connection.ExecuteAsync(
                TestStore.IsPostgres
                ? $$"""
                DELETE FROM schema_versions WHERE scriptname = '{{Migration}}';
                UPDATE api_keys SET prefix = @Leak WHERE id = @keyId;
                ALTER TABLE audit_log DISABLE TRIGGER audit_log_is_append_only_update;
                UPDATE audit_log SET after_json = jsonb_set(after_json::jsonb, '{prefix}', to_jsonb(@Leak::text))::text
                WHERE entity = 'api-key' AND entity_id = @keyId;
                ALTER TABLE audit_log ENABLE TRIGGER audit_log_is_append_only_update;
                """
                : $"""
                DELETE FROM schema_versions WHERE ScriptName = '{Migration}';
                UPDATE api_keys SET prefix = @Leak WHERE id = @keyId;
                DROP TRIGGER audit_log_is_append_only_update;
                UPDATE audit_log SET after_json = json_set(after_json, '$.prefix', @Leak) WHERE entity = 'api-key' AND entity_id = @keyId;
                CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
                BEGIN
                    SELECT RAISE(ABORT, 'audit_log is append-only');
                END;
                """,
                new { Leak = Secret[..10], keyId });
            Assert.NotEmpty(await RowsHolding(connection, Fragment));
        }

        using var restarted = ApiFactory.Over(database).With("CREDIBILITY_ADMIN_KEY", Secret);
        var admin = restarted.WithKey(Secret);

        var key = Assert.Single((await (await admin.GetAsync("/v1/api-keys")).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, key.GetProperty("prefix").ValueKind);
        var audit = await (await admin.GetAsync($"/v1/audit?entity=api-key&id={keyId}")).AssertJson(HttpStatusCode.OK);
        var created = Assert.Single(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "create");
        Assert.Equal(JsonValueKind.Null, created.GetProperty("after").GetProperty("prefix").ValueKind);
        Assert.Empty(await RowsHolding(database, Fragment));
    }

    [Fact]
    public async Task AnAdminKeyRevokedThroughTheApiStaysRevokedAfterRestartAndTheStartUpIsAudited()
    {
        long bootstrapId;
        TestKey other;
        using (var api = ApiFactory.Over(database))
        {
            other = await TestKeys.Create(api, "admin");
            bootstrapId = Assert.Single(await TestKeys.ListAll(api.Admin()), k => k.GetProperty("name").GetString() == "CREDIBILITY_ADMIN_KEY").Id();
            Assert.Equal(HttpStatusCode.NoContent, (await other.Client.Delete($"/v1/api-keys/{bootstrapId}")).StatusCode);
        }

        using (var restarted = ApiFactory.Over(database))
        {
            await (await restarted.Admin().GetAsync("/v1/audit")).AssertProblem(HttpStatusCode.Unauthorized);
            var admin = restarted.WithKey(other.Secret);
            Assert.DoesNotContain(await TestKeys.ListAll(admin), k => k.Id() == bootstrapId);
            var entries = (await (await admin.GetAsync($"/v1/audit?entity=api-key&id={bootstrapId}")).AssertJson(HttpStatusCode.OK))
                .GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(["refuse", "delete", "create"], entries.Select(e => e.GetProperty("action").GetString()));
            var refusal = entries[0];
            Assert.Equal(JsonValueKind.Null, refusal.GetProperty("keyId").ValueKind);
            Assert.Equal(bootstrapId, refusal.GetProperty("before").Id());
            Assert.Equal(JsonValueKind.Null, refusal.GetProperty("after").ValueKind);
        }

        // The way back is a new secret: it makes a new admin key, audited as the service's own write.
        const string replacement = "replacement-operator-secret-42";
        using var rekeyed = ApiFactory.Over(database).With("CREDIBILITY_ADMIN_KEY", replacement);
        var rekeyedAdmin = rekeyed.WithKey(replacement);
        var fresh = Assert.Single(await TestKeys.ListAll(rekeyedAdmin), k => k.GetProperty("name").GetString() == "CREDIBILITY_ADMIN_KEY");
        Assert.NotEqual(bootstrapId, fresh.Id());
        var creation = Assert.Single((await (await rekeyedAdmin.GetAsync($"/v1/audit?entity=api-key&id={fresh.Id()}")).AssertJson(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray());
        Assert.Equal("create", creation.GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, creation.GetProperty("keyId").ValueKind);
    }

    private static string Messages(Exception exception) => exception switch
    {
        AggregateException all => string.Join(" | ", all.InnerExceptions.Select(Messages)),
        { InnerException: { } inner } => exception.Message + " | " + Messages(inner),
        _ => exception.Message,
    };

    private static async Task<List<string>> RowsHolding(string database, string fragment)
    {
        await using var connection = TestStore.Open(database);
        return await RowsHolding(connection, fragment);
    }

    // An SQLite backup file.
    private static async Task<List<string>> RowsHoldingInCopy(string path, string fragment)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await RowsHolding(connection, fragment);
    }

    // Every row of the two tables that could carry key material, in any column.
    private static async Task<List<string>> RowsHolding(DbConnection connection, string fragment)
    {
        var found = new List<string>();
        foreach (var table in new[] { "api_keys", "audit_log" })
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM {table}"))
            {
                if (row.Values.Any(v => v is string text && text.Contains(fragment, StringComparison.Ordinal)))
                {
                    found.Add($"{table}: {string.Join(", ", row.Values)}");
                }
            }
        }
        return found;
    }
}
