using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using DbUp.Engine.Transactions;
using DbUp.Postgresql;
using DbUp.Sqlite;

namespace CredibilityApi.Data;

/// <summary>
/// Applies the numbered SQL files of <c>migrations/</c> (SQLite) or <c>migrations/postgres/</c>
/// (the same steps in PostgreSQL's dialect, under the same names), embedded in the assembly, with
/// DbUp, each in its own transaction, journaled in <c>schema_versions</c> with a SHA-256 of its text.
/// A script whose text changed after it was applied stops start-up: migrations are forward-only.
/// </summary>
public static class Migrator
{
    private const string JournalTable = "schema_versions";
    private const string ResourcePrefix = "migrations.";
    private const string PostgresPrefix = "migrations.postgres.";

    /// <summary>The SQLite migrations, in order.</summary>
    public static IReadOnlyList<SqlScript> Scripts { get; } = LoadScripts(ResourcePrefix, exceptPrefix: PostgresPrefix);

    /// <summary>The PostgreSQL migrations, in order, named as their SQLite counterparts.</summary>
    public static IReadOnlyList<SqlScript> PostgresScripts { get; } = LoadScripts(PostgresPrefix, exceptPrefix: null);

    public static IReadOnlyList<SqlScript> ScriptsOf(StorageProvider provider) =>
        provider == StorageProvider.Postgres ? PostgresScripts : Scripts;

    /// <summary>
    /// On PostgreSQL, held by the process migrating (session-level advisory lock): replicas started
    /// together over one database migrate one after the other, and the later ones find nothing to do.
    /// </summary>
    public const long MigrationLock = 1129465158;

    public static void Migrate(Db db, ILogger logger)
    {
        using var connection = db.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (db.IsPostgres)
        {
            connection.Execute("SELECT pg_advisory_lock(@MigrationLock)", new { MigrationLock });
        }
        else
        {
            // WAL is a property of the file; it cannot be switched inside a transaction.
            connection.Execute("PRAGMA journal_mode = WAL;");
        }
        try
        {
            VerifyAppliedScriptsUnchanged(connection, ScriptsOf(db.Provider));
            Upgrade(db, logger);
        }
        finally
        {
            if (db.IsPostgres)
            {
                // Let go explicitly: a pooled connection keeps its session (and its locks) until reused.
                connection.Execute("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock });
            }
        }
    }

    private static void Upgrade(Db db, ILogger logger)
    {
        var builder = db.IsPostgres
            ? DeployChanges.To
                .PostgresqlDatabase(db.ConnectionString)
                .WithScripts(PostgresScripts)
                .WithVariablesDisabled() // $$ quotes function bodies
                .JournalTo((connectionManager, log) => new PostgresChecksumJournal(connectionManager, log))
            : DeployChanges.To
                .SqliteDatabase(db.ConnectionString)
                .WithScripts(Scripts)
                .JournalTo((connectionManager, log) => new ChecksumJournal(connectionManager, log));
        var result = builder
            .WithTransactionPerScript()
            .LogTo(logger)
            .Build()
            .PerformUpgrade();

        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
        }
    }

    /// <summary>Names of the scripts not yet applied to the database (none when it is up to date).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(DbConnection connection)
    {
        var applied = await JournalExistsAsync(connection)
            ? (await connection.QueryAsync<string>($"SELECT ScriptName FROM {JournalTable}")).ToHashSet(StringComparer.Ordinal)
            : [];
        return [.. ScriptsOf(ProviderOf(connection)).Select(s => s.Name).Where(name => !applied.Contains(name))];
    }

    private static StorageProvider ProviderOf(DbConnection connection) =>
        connection.IsPostgres() ? StorageProvider.Postgres : StorageProvider.Sqlite;

    private static async Task<bool> JournalExistsAsync(DbConnection connection) =>
        await connection.ExecuteScalarAsync<long>(
            ProviderOf(connection) == StorageProvider.Sqlite
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @JournalTable"
                : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @JournalTable",
            new { JournalTable }) > 0;

    internal static string Checksum(string contents) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contents.ReplaceLineEndings("\n"))));

    private static void VerifyAppliedScriptsUnchanged(DbConnection connection, IReadOnlyList<SqlScript> scripts)
    {
        if (!JournalExistsAsync(connection).GetAwaiter().GetResult())
        {
            return;
        }

        var applied = connection.Query<(string Name, string Checksum)>($"SELECT ScriptName, Checksum FROM {JournalTable}");
        var current = scripts.ToDictionary(s => s.Name, s => Checksum(s.Contents), StringComparer.Ordinal);
        foreach (var (name, checksum) in applied)
        {
            if (current.TryGetValue(name, out var now) && now != checksum)
            {
                throw new InvalidOperationException(
                    $"Migration {name} was edited after it was applied to this database (checksum {Abbreviate(checksum)} " +
                    $"recorded, {Abbreviate(now)} found). Applied migrations are never edited: restore its original " +
                    "text and put the change in a new, higher-numbered migration.");
            }
        }
    }

    private static string Abbreviate(string checksum) => checksum.Length > 12 ? checksum[..12] + "…" : checksum;

    private static List<SqlScript> LoadScripts(string prefix, string? exceptPrefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var scripts = new List<SqlScript>();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)
                                 && (exceptPrefix is null || !n.StartsWith(exceptPrefix, StringComparison.Ordinal)))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new SqlScript(resource[prefix.Length..], reader.ReadToEnd()));
        }
        return scripts;
    }

    /// <summary>DbUp's SQLite journal with one more column: the checksum of each applied script.</summary>
    private sealed class ChecksumJournal(Func<IConnectionManager> connectionManager, Func<IUpgradeLog> log)
        : SqliteTableJournal(connectionManager, log, JournalTable)
    {
        protected override string CreateSchemaTableSql(string quotedPrimaryKeyName) =>
            $"""
            CREATE TABLE {FqSchemaTableName} (
                SchemaVersionID INTEGER CONSTRAINT {quotedPrimaryKeyName} PRIMARY KEY AUTOINCREMENT NOT NULL,
                ScriptName TEXT NOT NULL,
                Applied DATETIME NOT NULL,
                Checksum TEXT NOT NULL
            )
            """;

        public override void StoreExecutedScript(SqlScript script, Func<IDbCommand> dbCommandFactory)
        {
            EnsureTableExistsAndIsLatestVersion(dbCommandFactory);
            using var command = GetInsertScriptCommand(dbCommandFactory, script);
            StoreWithChecksum(command, FqSchemaTableName, script);
        }
    }

    /// <summary>DbUp's PostgreSQL journal with the same extra column: the checksum of each applied script.</summary>
    private sealed class PostgresChecksumJournal(Func<IConnectionManager> connectionManager, Func<IUpgradeLog> log)
        : PostgresqlTableJournal(connectionManager, log, null, JournalTable)
    {
        protected override string CreateSchemaTableSql(string quotedPrimaryKeyName) =>
            $"""
            CREATE TABLE {FqSchemaTableName} (
                schemaversionsid BIGINT GENERATED BY DEFAULT AS IDENTITY CONSTRAINT {quotedPrimaryKeyName} PRIMARY KEY,
                scriptname TEXT COLLATE "C" NOT NULL,
                applied TIMESTAMP WITHOUT TIME ZONE NOT NULL,
                checksum TEXT NOT NULL
            )
            """;

        public override void StoreExecutedScript(SqlScript script, Func<IDbCommand> dbCommandFactory)
        {
            EnsureTableExistsAndIsLatestVersion(dbCommandFactory);
            using var command = GetInsertScriptCommand(dbCommandFactory, script);
            StoreWithChecksum(command, FqSchemaTableName, script);
        }
    }

    /// <summary>
    /// Runs DbUp's insert of an applied script's journal row with its checksum added (unquoted column
    /// names: PostgreSQL folds them to the lower-case ones its journal has).
    /// </summary>
    private static void StoreWithChecksum(IDbCommand command, string journal, SqlScript script)
    {
        var checksum = command.CreateParameter();
        checksum.ParameterName = "checksum";
        checksum.Value = Checksum(script.Contents);
        command.Parameters.Add(checksum);
        command.CommandText = $"INSERT INTO {journal} (ScriptName, Applied, Checksum) VALUES (@scriptName, @applied, @checksum)";
        command.ExecuteNonQuery();
    }
}
