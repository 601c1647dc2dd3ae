using System.Data;
using Npgsql;

namespace CredibilityApi.Data;

/// <summary>
/// The few places where SQLite's SQL and PostgreSQL's differ in what the stores write, as one
/// fragment each; everything else is written once for both.
/// </summary>
public static class Dialect
{
    public static bool IsPostgres(this IDbConnection connection) => connection is NpgsqlConnection;

    /// <summary>
    /// Membership in a list parameter: <c>IN @Ids</c> (Dapper expands the list) on SQLite, <c>= ANY(@Ids)</c>
    /// (Dapper passes an array) on PostgreSQL.
    /// </summary>
    public static string In(this IDbConnection connection, string parameter) =>
        connection.IsPostgres() ? $"= ANY({parameter})" : $"IN {parameter}";

    /// <summary>The 1-based position of <paramref name="needle"/> in <paramref name="text"/>, 0 when absent.</summary>
    public static string Position(this IDbConnection connection, string text, string needle) =>
        connection.IsPostgres() ? $"strpos({text}, {needle})" : $"instr({text}, {needle})";
}

/// <summary>What the two stores' errors mean to a caller.</summary>
public static class StoreErrors
{
    private const int SqliteConstraint = 19;

    /// <summary>
    /// A write refused by a constraint (a unique key written twice, a referenced row deleted
    /// meanwhile): SQLite's SQLITE_CONSTRAINT, PostgreSQL's class 23 (integrity constraint violation).
    /// </summary>
    public static bool IsConstraint(Exception exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteConstraint }
            or PostgresException { SqlState: ['2', '3', ..] };
}

/// <summary>
/// The pieces of a full-text query over one of the <c>*_fts</c> tables (rows keyed by <c>rowid</c>):
/// what to select from, the match condition on the <c>@Match</c> parameter, and the rank, lower for a
/// better match. SQLite: FTS5's MATCH and bm25. PostgreSQL: the table's tsvector <c>document</c>, the
/// tsquery and <c>-ts_rank_cd</c> (normalised by document length, as bm25 is).
/// </summary>
/// <param name="From">The table, with the query beside it on PostgreSQL; join rows on <c>{table}.rowid</c>.</param>
/// <param name="OnPostgres">Whether the pieces are PostgreSQL's.</param>
public sealed record FullTextSql(string From, string Match, string Rank, bool OnPostgres)
{
    /// <summary>The value of <c>@Match</c>: the search's expression in this dialect.</summary>
    public string MatchOf(CredibilityApi.Text.SearchQuery search) => OnPostgres ? search.TsQuery : search.Match;

    /// <param name="connection">Where the query runs.</param>
    /// <param name="table">claims_fts or articles_fts.</param>
    /// <param name="weights">
    /// Per-column weights, in the table's column order (title then body: 2.0, 1.0); on PostgreSQL, the
    /// columns are the tsvector's A and B labels.
    /// </param>
    public static FullTextSql For(IDbConnection connection, string table, params double[] weights)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (!connection.IsPostgres())
        {
            var arguments = string.Concat(weights.Select(w => ", " + w.ToString("0.0##", invariant)));
            return new FullTextSql(table, $"{table} MATCH @Match", $"bm25({table}{arguments})", OnPostgres: false);
        }
        // One column: its lexemes carry the default label, D, at ts_rank_cd's default weight.
        // Two: column 1 is labelled A, column 2 B; ts_rank_cd's weights are {D, C, B, A}.
        var labels = weights.Length == 0 ? "" : "'{0, 0, " + string.Join(", ", new[] { weights[1], weights[0] }
            .Select(w => (w / weights.Max()).ToString("0.0##", invariant))) + "}', ";
        return new FullTextSql(
            $"{table} CROSS JOIN to_tsquery('simple', @Match) AS fts_query",
            $"{table}.document @@ fts_query",
            $"(-ts_rank_cd({labels}{table}.document, fts_query, 1))",
            OnPostgres: true);
    }
}
