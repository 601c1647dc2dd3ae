using System.Data;
using System.Data.Common;
using CredibilityApi.Text;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Data;

/// <summary>
/// The one writer of every entity row: sources and their aliases, articles and their citations,
/// claims and their relays, relations, verdicts, and the full-text rows of claims and articles.
/// The stores, the NDJSON and ClaimReview imports, the demo and the corpus generator all insert
/// through it, so a row is normalised (trimmed, folded, enums as their wire names) the same way
/// whichever path wrote it. Statements are prepared once per writer and reused for every row, the
/// speed the bulk loads need. It reads nothing back and leaves auditing to its caller; requests
/// are assumed valid (callers validate first). Updates stay with their stores, which normalise
/// through <see cref="Normalize"/>.
/// </summary>
/// <remarks>
/// Why the full-text rows wait: every insert into a table with triggers opens a statement
/// savepoint, and FTS5 writes its pending terms out to a new segment at every savepoint. Written
/// row by row, each claim would leave a one-row segment for FTS5 to merge again; written after
/// the other rows, the batch's terms go out as one segment. They stay in the same transaction,
/// so search never disagrees with the rows. How a statement runs is the store's
/// (<see cref="RowStatements"/>): straight on SQLite, prepared on PostgreSQL, and for a bulk
/// writer on PostgreSQL held back and sent with binary COPY.
/// </remarks>
public sealed class RowWriter : IDisposable
{
    /// <summary>
    /// The page cache of a bulk connection, in KiB, instead of the pooled connections' 512: the
    /// batch's index pages stay in memory instead of spilling to the WAL mid-transaction (three times
    /// slower with the small cache). <see cref="Db.WriteAsync"/> gives it back after the commit.
    /// </summary>
    private const int BulkCacheKibibytes = 32_768;

    private readonly RowStatements statements;
    private readonly string now = Time.Store(DateTimeOffset.UtcNow);
    private readonly List<(long Id, string Text)> claimTexts = [];
    private readonly List<(long Id, string Title, string Body)> articleTexts = [];

    private RowWriter(DbConnection connection, IDbTransaction transaction, bool bulk)
    {
        if (transaction.Connection != connection)
        {
            throw new ArgumentException("The transaction must belong to the connection.", nameof(transaction));
        }
        statements = RowStatements.For(connection, transaction, bulk);
        if (bulk && connection is SqliteConnection)
        {
            statements.Prepare($"PRAGMA cache_size = -{BulkCacheKibibytes}").Run();
        }
    }

    public long AddSource(NewSource source)
    {
        var name = Normalize.Name(source.Name);
        var id = Insert(InsertStatement("""
            INSERT INTO sources (name, name_folded, kind, country, homepage, created_at, updated_at, affiliation_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
            """)
            .Text(1, name).Text(2, TextFold.Fold(name)).Text(3, source.Kind)
            .Text(4, Normalize.Country(source.Country)).Text(5, source.Homepage).Text(6, now).Integer(7, source.AffiliationId));
        AddAliases(id, source.Aliases);
        return id;
    }

    /// <summary>Gives a source these aliases, in order (a source without any: the caller deletes those it replaces).</summary>
    public void AddAliases(long sourceId, IEnumerable<NewAlias> aliases)
    {
        var position = 0;
        foreach (var alias in aliases)
        {
            var text = Normalize.Name(alias.Text);
            Run(Statement("""
                INSERT INTO source_aliases (source_id, position, text, text_folded, language)
                VALUES (?1, ?2, ?3, ?4, ?5)
                """)
                .Integer(1, sourceId).Integer(2, position++).Text(3, text).Text(4, TextFold.Fold(text)).Text(5, alias.Language));
        }
    }

    public long AddArticle(NewArticle article)
    {
        var title = Normalize.Text(article.Title);
        var id = Insert(InsertStatement("""
            INSERT INTO articles (url, url_key, title, language, published_at, publisher_id, author, body, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
            """)
            .Text(1, article.Url).Text(2, article.UrlKey).Text(3, title).Text(4, article.Language)
            .Text(5, Time.StoreOptional(article.PublishedAt)).Integer(6, article.PublisherId)
            .Text(7, article.Author?.Trim()).Text(8, article.Body).Text(9, now));
        var position = 0;
        foreach (var citation in article.Citations)
        {
            Run(Statement("""
                INSERT INTO citations (article_id, position, source_id, role, span_start, span_end, matched_alias)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
                .Integer(1, id).Integer(2, position++).Integer(3, citation.SourceId).Text(4, citation.Role)
                .Integer(5, citation.Start).Integer(6, citation.End).Text(7, citation.MatchedAlias));
        }
        articleTexts.Add((id, TextFold.Fold(title), TextFold.Fold(article.Body)));
        return id;
    }

    public long AddClaim(NewClaim claim)
    {
        var text = Normalize.Text(claim.Text);
        var id = Insert(InsertStatement("""
            INSERT INTO claims (text, language, subject, stance, speaker_id, quantity_value, quantity_unit, quantity_as_of,
                                claimed_at, article_id, created_at, updated_at, value)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)
            """)
            .Text(1, text).Text(2, claim.Language).Text(3, claim.Subject?.Trim()).Text(4, claim.Stance).Integer(5, claim.SpeakerId)
            .Real(6, claim.QuantityValue).Text(7, claim.QuantityUnit?.Trim()).Text(8, Time.StoreDate(claim.QuantityAsOf))
            .Text(9, Time.StoreOptional(claim.ClaimedAt)).Integer(10, claim.ArticleId).Text(11, now)
            .Text(12, claim.Value is { } value ? Normalize.Text(value) : null));
        AddVia(id, claim.Via);
        AddTopics(id, claim.Topics ?? []);
        claimTexts.Add((id, TextFold.Fold(text)));
        return id;
    }

    /// <summary>Gives a claim its topics in their stored (normalised) forms, in order (a claim without any: the caller deletes those it replaces).</summary>
    public void AddTopics(long claimId, IReadOnlyList<string> topics)
    {
        var position = 0;
        foreach (var topic in topics)
        {
            Run(Statement("INSERT INTO claim_topics (claim_id, position, topic) VALUES (?1, ?2, ?3)")
                .Integer(1, claimId).Integer(2, position++).Text(3, topic));
        }
    }

    /// <summary>Gives a claim its relays, origin side first (a claim without any: the caller deletes those it replaces).</summary>
    public void AddVia(long claimId, IReadOnlyList<long> via)
    {
        var position = 0;
        foreach (var relay in via)
        {
            Run(Statement("INSERT INTO claim_via (claim_id, position, source_id) VALUES (?1, ?2, ?3)")
                .Integer(1, claimId).Integer(2, position++).Integer(3, relay));
        }
    }

    public long AddRelation(NewRelation relation) =>
        Insert(InsertStatement("""
            INSERT INTO relations (from_claim_id, to_claim_id, type, note, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5)
            """)
            .Integer(1, relation.FromClaimId).Integer(2, relation.ToClaimId).Text(3, relation.Type)
            .Text(4, relation.Note?.Trim()).Text(5, now));

    /// <summary>Adds a verdict; the claim's status follows its latest verdict by a trigger (migration 0016).</summary>
    public long AddVerdict(NewVerdict verdict) =>
        Insert(InsertStatement("""
            INSERT INTO verdicts (claim_id, rating, reviewer, url, reviewed_at, explanation, original_label, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
            .Integer(1, verdict.ClaimId).Text(2, verdict.Rating).Text(3, verdict.Reviewer.Trim())
            .Text(4, verdict.Url).Text(5, verdict.ReviewedAt is { } at ? Time.Store(at) : now)
            .Text(6, verdict.Explanation).Text(7, verdict.OriginalLabel).Text(8, now));

    /// <summary>Replaces a stored claim's full-text row after its text changed.</summary>
    public void ReindexClaim(long id, string text)
    {
        Run(Statement("DELETE FROM claims_fts WHERE rowid = ?1").Integer(1, id));
        claimTexts.Add((id, TextFold.Fold(text)));
    }

    /// <summary>Replaces a stored article's full-text row after its title or body changed.</summary>
    public void ReindexArticle(long id, string title, string? body)
    {
        Run(Statement("DELETE FROM articles_fts WHERE rowid = ?1").Integer(1, id));
        articleTexts.Add((id, TextFold.Fold(title), TextFold.Fold(body)));
    }

    /// <summary>
    /// Writes one entity's rows within <paramref name="transaction"/> through <paramref name="fill"/>,
    /// then its full-text rows; the caller commits.
    /// </summary>
    public static T Write<T>(DbConnection connection, IDbTransaction transaction, Func<RowWriter, T> fill)
    {
        using var writer = new RowWriter(connection, transaction, bulk: false);
        var result = fill(writer);
        writer.Complete();
        return result;
    }

    /// <summary>
    /// Adds many rows through <paramref name="fill"/> within <paramref name="transaction"/> with a
    /// larger page cache, then the full-text rows held back meanwhile; the caller commits.
    /// </summary>
    public static void Bulk(DbConnection connection, IDbTransaction transaction, Action<RowWriter> fill)
    {
        using var writer = new RowWriter(connection, transaction, bulk: true);
        fill(writer);
        writer.Complete();
    }

    /// <summary>Writes the held-back full-text rows of everything added so far.</summary>
    private void Complete()
    {
        foreach (var (id, text) in claimTexts)
        {
            Run(Statement("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)").Integer(1, id).Text(2, text));
        }
        foreach (var (id, title, body) in articleTexts)
        {
            Run(Statement("INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)")
                .Integer(1, id).Text(2, title).Text(3, body));
        }
        claimTexts.Clear();
        articleTexts.Clear();
        statements.Flush();
    }

    public void Dispose() => statements.Dispose();

    private Bound Statement(string sql) => new(statements.Prepare(sql));

    private Bound InsertStatement(string sql) => new(statements.Prepare(sql, returnsId: true));

    private static long Insert(Bound bound) => bound.Statement.RunReturningId();

    private static void Run(Bound bound) => bound.Statement.Run();

    /// <summary>A prepared statement being given its parameters (1-based, ?1 … in the SQL).</summary>
    private readonly record struct Bound(RowStatement Statement)
    {
        public Bound Text(int index, string? value)
        {
            Statement.Text(index, value);
            return this;
        }

        public Bound Integer(int index, long? value)
        {
            Statement.Integer(index, value);
            return this;
        }

        public Bound Real(int index, double? value)
        {
            Statement.Real(index, value);
            return this;
        }
    }
}

/// <summary>A source's row as <see cref="RowWriter"/> takes it: enums as their stored names.</summary>
public sealed record NewSource(
    string Name, string Kind, string? Country, string? Homepage, IReadOnlyList<NewAlias> Aliases, long? AffiliationId = null);

public sealed record NewAlias(string Text, string? Language);

public sealed record NewArticle(
    string Url, string UrlKey, string Title, string? Language, DateTimeOffset? PublishedAt, long? PublisherId, string? Author,
    string? Body, IReadOnlyList<NewCitation> Citations);

public sealed record NewCitation(long? SourceId, string Role, int? Start, int? End, string? MatchedAlias);

public sealed record NewClaim(
    string Text, string? Language, string? Subject, string Stance, long? SpeakerId, double? QuantityValue, string? QuantityUnit,
    DateOnly? QuantityAsOf, DateTimeOffset? ClaimedAt, long? ArticleId, IReadOnlyList<long> Via, string? Value = null,
    IReadOnlyList<string>? Topics = null);

public sealed record NewRelation(long? FromClaimId, long? ToClaimId, string Type, string? Note);

public sealed record NewVerdict(
    long ClaimId, string Rating, string Reviewer, string? Url, DateTimeOffset? ReviewedAt, string? Explanation, string? OriginalLabel);
