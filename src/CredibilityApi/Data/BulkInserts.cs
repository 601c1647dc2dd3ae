using System.Data;
using CredibilityApi.Articles;
using CredibilityApi.Claims;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using CredibilityApi.Verdicts;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Data;

/// <summary>
/// The bulk path: prepared statements reused for every row of one transaction, for loads of
/// many thousands of rows (the synthetic corpus, bulk imports). It writes the same rows and
/// indexes as the stores; it reads nothing back and leaves auditing to its caller.
/// Requests are assumed valid: callers validate first.
/// </summary>
public sealed class BulkInserts(SqliteConnection connection, IDbTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);
    private readonly string now = Time.Store(DateTimeOffset.UtcNow);

    public long AddSource(CreateSourceRequest source)
    {
        var name = source.Name.Trim();
        var id = Scalar("""
            INSERT INTO sources (name, name_folded, kind, country, homepage, created_at, updated_at)
            VALUES ($name, $folded, $kind, $country, $homepage, $now, $now) RETURNING id
            """,
            ("$name", name), ("$folded", TextFold.Fold(name)), ("$kind", EnumText<SourceKind>.Name(source.Kind!.Value)),
            ("$country", source.Country?.ToUpperInvariant()), ("$homepage", source.Homepage), ("$now", now));
        var position = 0;
        foreach (var alias in source.Aliases ?? [])
        {
            Execute("""
                INSERT INTO source_aliases (source_id, position, text, text_folded, language)
                VALUES ($source, $position, $text, $folded, $language)
                """,
                ("$source", id), ("$position", position++), ("$text", alias.Text.Trim()),
                ("$folded", TextFold.Fold(alias.Text.Trim())), ("$language", alias.Language));
        }
        return id;
    }

    public long AddArticle(CreateArticleRequest article)
    {
        var title = article.Title.Trim();
        var id = Scalar("""
            INSERT INTO articles (url, url_key, title, language, published_at, publisher_id, author, body, created_at, updated_at)
            VALUES ($url, $key, $title, $language, $published, $publisher, $author, $body, $now, $now) RETURNING id
            """,
            ("$url", article.Url), ("$key", ArticleStore.UrlKey(article.Url)), ("$title", title), ("$language", article.Language),
            ("$published", Time.StoreOptional(article.PublishedAt)), ("$publisher", article.PublisherId),
            ("$author", article.Author?.Trim()), ("$body", article.Body), ("$now", now));
        var position = 0;
        foreach (var citation in article.Citations ?? [])
        {
            Execute("""
                INSERT INTO citations (article_id, position, source_id, role, span_start, span_end, matched_alias)
                VALUES ($article, $position, $source, $role, $start, $end, $alias)
                """,
                ("$article", id), ("$position", position++), ("$source", citation.SourceId),
                ("$role", EnumText<CitationRole>.Name(citation.Role ?? CitationRole.Mentions)),
                ("$start", citation.Start), ("$end", citation.End), ("$alias", citation.MatchedAlias));
        }
        Execute("INSERT INTO articles_fts (rowid, title, body) VALUES ($id, $title, $body)",
            ("$id", id), ("$title", TextFold.Fold(title)), ("$body", TextFold.Fold(article.Body)));
        return id;
    }

    public long AddClaim(CreateClaimRequest claim)
    {
        var text = claim.Text.Trim();
        var id = Scalar("""
            INSERT INTO claims (text, language, subject, stance, speaker_id, quantity_value, quantity_unit, quantity_as_of,
                                claimed_at, article_id, created_at, updated_at)
            VALUES ($text, $language, $subject, $stance, $speaker, $value, $unit, $asOf, $claimedAt, $article, $now, $now)
            RETURNING id
            """,
            ("$text", text), ("$language", claim.Language), ("$subject", claim.Subject?.Trim()),
            ("$stance", EnumText<Stance>.Name(claim.Stance ?? Stance.Asserts)), ("$speaker", claim.SpeakerId),
            ("$value", claim.Quantity?.Value), ("$unit", claim.Quantity?.Unit.Trim()), ("$asOf", Time.StoreDate(claim.Quantity?.AsOf)),
            ("$claimedAt", Time.StoreOptional(claim.ClaimedAt)), ("$article", claim.ArticleId), ("$now", now));
        var position = 0;
        foreach (var relay in claim.Via ?? [])
        {
            Execute("INSERT INTO claim_via (claim_id, position, source_id) VALUES ($claim, $position, $source)",
                ("$claim", id), ("$position", position++), ("$source", relay));
        }
        Execute("INSERT INTO claims_fts (rowid, text) VALUES ($id, $text)", ("$id", id), ("$text", TextFold.Fold(text)));
        return id;
    }

    public long AddRelation(CreateRelationRequest relation) =>
        Scalar("""
            INSERT INTO relations (from_claim_id, to_claim_id, type, note, created_at)
            VALUES ($from, $to, $type, $note, $now) RETURNING id
            """,
            ("$from", relation.FromClaimId), ("$to", relation.ToClaimId), ("$type", EnumText<RelationType>.Name(relation.Type!.Value)),
            ("$note", relation.Note?.Trim()), ("$now", now));

    public long AddVerdict(long claimId, CreateVerdictRequest verdict)
    {
        var rating = EnumText<Rating>.Name(verdict.Rating!.Value);
        var id = Scalar("""
            INSERT INTO verdicts (claim_id, rating, reviewer, url, reviewed_at, explanation, original_label, created_at)
            VALUES ($claim, $rating, $reviewer, $url, $reviewedAt, $explanation, $label, $now) RETURNING id
            """,
            ("$claim", claimId), ("$rating", rating), ("$reviewer", verdict.Reviewer.Trim()), ("$url", verdict.Url),
            ("$reviewedAt", verdict.ReviewedAt is { } at ? Time.Store(at) : now), ("$explanation", verdict.Explanation),
            ("$label", verdict.OriginalLabel), ("$now", now));
        // the claim's status follows its latest verdict, as VerdictStore keeps it
        Execute("""
            UPDATE claims SET status = (SELECT rating FROM verdicts WHERE claim_id = $claim ORDER BY reviewed_at DESC, id DESC LIMIT 1)
            WHERE id = $claim
            """, ("$claim", claimId));
        return id;
    }

    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }
    }

    private long Scalar(string sql, params (string Name, object? Value)[] values) =>
        (long)Prepare(sql, values).ExecuteScalar()!;

    private void Execute(string sql, params (string Name, object? Value)[] values) =>
        Prepare(sql, values).ExecuteNonQuery();

    private SqliteCommand Prepare(string sql, (string Name, object? Value)[] values)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = sql;
            foreach (var (name, _) in values)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            command.Prepare();
            commands[sql] = command;
        }
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i].Value ?? DBNull.Value;
        }
        return command;
    }
}
