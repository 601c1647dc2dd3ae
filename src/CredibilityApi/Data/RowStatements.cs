using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace CredibilityApi.Data;

/// <summary>
/// The statements of one <see cref="RowWriter"/>, each prepared once and run once per row, in the
/// dialect of its store. The SQL is written once with numbered parameters (?1, ?2 …); an insert
/// answers the new row's id.
/// </summary>
internal abstract class RowStatements : IDisposable
{
    private readonly Dictionary<string, RowStatement> prepared = new(StringComparer.Ordinal);

    /// <summary>The statements for a writer on <paramref name="connection"/>; a bulk writer on PostgreSQL copies its rows in.</summary>
    public static RowStatements For(DbConnection connection, IDbTransaction transaction, bool bulk) =>
        connection switch
        {
            SqliteConnection sqlite => new SqliteStatements(sqlite),
            NpgsqlConnection postgres when bulk => new PostgresCopyStatements(postgres),
            NpgsqlConnection postgres => new PostgresStatements(postgres, (NpgsqlTransaction)transaction),
            _ => throw new NotSupportedException($"No row writer for {connection.GetType().Name}."),
        };

    /// <summary>Writes out whatever the statements hold back (the bulk writer's copied rows); the others write as they run.</summary>
    public virtual void Flush()
    {
    }

    /// <summary>The statement of <paramref name="sql"/>, prepared on first use; an insert (<paramref name="returnsId"/>) answers its row's id.</summary>
    public RowStatement Prepare(string sql, bool returnsId = false)
    {
        var key = returnsId ? sql + "\0id" : sql;
        if (!prepared.TryGetValue(key, out var statement))
        {
            statement = Create(sql, returnsId);
            prepared[key] = statement;
        }
        return statement;
    }

    protected abstract RowStatement Create(string sql, bool returnsId);

    public void Dispose()
    {
        foreach (var statement in prepared.Values)
        {
            statement.Dispose();
        }
        prepared.Clear();
    }
}

/// <summary>One prepared statement: its parameters are set, then it runs; they are all set anew for the next row.</summary>
internal abstract class RowStatement : IDisposable
{
    public abstract void Text(int index, string? value);

    public abstract void Integer(int index, long? value);

    public abstract void Real(int index, double? value);

    public abstract void Run();

    /// <summary>Runs an INSERT and answers the id of the row it added.</summary>
    public abstract long RunReturningId();

    public abstract void Dispose();
}

/// <summary>
/// Statements straight on SQLite (no data reader per row): at bulk rates the per-call layers cost
/// as much as SQLite's own work.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : RowStatements
{
    private readonly sqlite3 handle = connection.Handle!;

    protected override RowStatement Create(string sql, bool returnsId)
    {
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        return new Statement(handle, statement);
    }

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }

    private sealed class Statement(sqlite3 handle, sqlite3_stmt statement) : RowStatement
    {
        public override void Text(int index, string? value) =>
            Check(handle, value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text16(statement, index, value));

        public override void Integer(int index, long? value) =>
            Check(handle, value is { } v ? raw.sqlite3_bind_int64(statement, index, v) : raw.sqlite3_bind_null(statement, index));

        public override void Real(int index, double? value) =>
            Check(handle, value is { } v ? raw.sqlite3_bind_double(statement, index, v) : raw.sqlite3_bind_null(statement, index));

        public override void Run()
        {
            var rc = raw.sqlite3_step(statement);
            // reset answers the step's error again; the bindings are all set anew on the next use
            raw.sqlite3_reset(statement);
            if (rc is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, handle);
            }
        }

        public override long RunReturningId()
        {
            Run();
            return raw.sqlite3_last_insert_rowid(handle);
        }

        public override void Dispose() => statement.Dispose();
    }
}

/// <summary>
/// Statements on PostgreSQL: ?n becomes $n, an insert gets RETURNING id, and each parameter keeps
/// one type (text, bigint, double precision) so the statement is prepared once on the server.
/// </summary>
internal sealed partial class PostgresStatements(NpgsqlConnection connection, NpgsqlTransaction transaction) : RowStatements
{
    protected override RowStatement Create(string sql, bool returnsId)
    {
        var parameters = Numbered().Matches(sql).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        var text = Numbered().Replace(sql, "$$$1") + (returnsId ? " RETURNING id" : "");
        return new Statement(new NpgsqlCommand(text, connection, transaction), parameters);
    }

    [GeneratedRegex(@"\?(\d+)")]
    private static partial Regex Numbered();

    private sealed class Statement : RowStatement
    {
        private readonly NpgsqlCommand command;
        private bool prepared;

        public Statement(NpgsqlCommand command, int parameters)
        {
            this.command = command;
            for (var i = 0; i < parameters; i++)
            {
                command.Parameters.Add(new NpgsqlParameter());
            }
        }

        public override void Text(int index, string? value) => Set(index, NpgsqlDbType.Text, value);

        public override void Integer(int index, long? value) => Set(index, NpgsqlDbType.Bigint, value);

        public override void Real(int index, double? value) => Set(index, NpgsqlDbType.Double, value);

        private void Set(int index, NpgsqlDbType type, object? value)
        {
            var parameter = command.Parameters[index - 1];
            parameter.NpgsqlDbType = type;
            parameter.Value = value ?? DBNull.Value;
        }

        public override void Run() => Prepared().ExecuteNonQuery();

        public override long RunReturningId() => (long)Prepared().ExecuteScalar()!;

        private NpgsqlCommand Prepared()
        {
            if (!prepared)
            {
                command.Prepare();
                prepared = true;
            }
            return command;
        }

        public override void Dispose() => command.Dispose();
    }
}
