using System.Data;
using System.Data.Common;
using CredibilityApi.Audit;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Articles;

public sealed class ArticleStore(Db db, AuditLog audit)
{
    private const string Entity = "article";

    /// <summary>Creates the article with its citations; a conflict when its normalised URL is already stored.</summary>
    public Task<WriteResult<ArticleResponse>> CreateAsync(CreateArticleRequest request, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (await FindByUrlAsync(c, request.Url, tx) is { } existing)
            {
                return WriteResult<ArticleResponse>.Conflict(SameUrl(existing));
            }
            var article = await InsertAsync(c, tx, request);
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, Entity, article.Id, null, article);
            return WriteResult<ArticleResponse>.Done(article);
        }, ct);

    /// <summary>The article already recorded under <paramref name="url"/> once normalised, if any.</summary>
    public Task<long?> FindByUrlAsync(string url, CancellationToken ct) => db.ReadAsync(c => FindByUrlAsync(c, url), ct);

    /// <summary>The detail of the conflict when <paramref name="existing"/> already has the URL.</summary>
    public static string SameUrl(long existing) => $"Article {existing} already has this URL.";

    public static Task<long?> FindByUrlAsync(IDbConnection c, string url, IDbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<long?>("SELECT id FROM articles WHERE url_key = @Key", new { Key = UrlKey(url) }, tx);

    /// <summary>Inserts inside the caller's transaction (also used by the demo loader and imports).</summary>
    public static async Task<ArticleResponse> InsertAsync(DbConnection c, IDbTransaction tx, CreateArticleRequest request)
    {
        var id = RowWriter.Write(c, tx, rows => rows.AddArticle(request));
        return (await LoadAsync(c, [id], tx)).Single();
    }

    public Task<ArticleResponse?> GetAsync(long id, CancellationToken ct) =>
        db.ReadAsync(async c => (await LoadAsync(c, [id])).SingleOrDefault(), ct);

    public async Task<Page<ArticleResponse>> ListAsync(ArticleListQuery query, CancellationToken ct)
    {
        if (query.Q is not null)
        {
            return await SearchAsync(query, ct);
        }
        var limit = Paging.Take(query.Limit);
        Cursor.TryDecode(query.Cursor, out var after);
        const string sql = $"""
            SELECT a.id FROM articles a
            WHERE a.id > @After
              {Filters}
            ORDER BY a.id LIMIT @Take
            """;
        return await db.ReadAsync(async c =>
        {
            var ids = (await c.QueryAsync<long>(sql, new
            {
                After = after,
                query.PublisherId,
                From = Time.StoreOptional(query.From),
                To = Time.StoreOptional(query.To),
                Take = limit + 1,
            })).ToList();
            return Paging.ToPage(await LoadAsync(c, ids), limit, a => a.Id);
        }, ct);
    }

    /// <summary>
    /// Full-text search over title and body, a title match weighing twice a body match: best bm25 rank
    /// first, ties by id, each article with a snippet of where it matched.
    /// </summary>
    private async Task<Page<ArticleResponse>> SearchAsync(ArticleListQuery query, CancellationToken ct)
    {
        if (SearchQuery.Parse(query.Q) is not { } search)
        {
            return new Page<ArticleResponse>([], null);
        }
        var limit = Paging.Take(query.Limit);
        var resume = Cursor.TryDecode(query.Cursor, out var afterRank, out var afterId);
        return await db.ReadAsync(async c =>
        {
            var fts = FullTextSql.For(c, "articles_fts", 2.0, 1.0);
            var sql = $"""
                SELECT a.id, {fts.Rank} AS rank
                FROM {fts.From} JOIN articles a ON a.id = articles_fts.rowid
                WHERE {fts.Match}
                  AND (NOT @Resume OR {fts.Rank} > @AfterRank OR ({fts.Rank} = @AfterRank AND a.id > @AfterId))
                  {Filters}
                ORDER BY rank, a.id LIMIT @Take
                """;
            var hits = (await c.QueryAsync<(long Id, double Rank)>(sql, new
            {
                Match = fts.MatchOf(search),
                Resume = resume,
                AfterRank = afterRank,
                AfterId = afterId,
                query.PublisherId,
                From = Time.StoreOptional(query.From),
                To = Time.StoreOptional(query.To),
                Take = limit + 1,
            })).ToList();
            var page = await Paging.ToPageAsync(hits, limit, ids => LoadAsync(c, ids));
            return page with { Items = [.. page.Items.Select(a => a with { Snippet = search.Snippet(a.Body, a.Title) })] };
        }, ct);
    }

    /// <summary>The list filters other than paging and search, on articles aliased a.</summary>
    private const string Filters = """
        AND (@PublisherId IS NULL OR a.publisher_id = @PublisherId)
        AND (@From IS NULL OR a.published_at >= @From)
        AND (@To IS NULL OR a.published_at < @To)
        """;

    /// <summary>Articles by id with publisher, citations and claims, in the order of <paramref name="ids"/>.</summary>
    public static async Task<List<ArticleResponse>> LoadAsync(IDbConnection c, IReadOnlyCollection<long> ids, IDbTransaction? tx = null)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var articles = $"""
            SELECT a.id, a.url, a.title, a.language, a.published_at, a.publisher_id, p.name AS publisher_name,
                   p.kind AS publisher_kind, a.author, a.body, a.created_at, a.updated_at, a.version
            FROM articles a LEFT JOIN sources p ON p.id = a.publisher_id
            WHERE a.id {c.In("@Ids")}
            """;
        var citations = $"""
            SELECT c.article_id, c.source_id, s.name AS source_name, c.role, c.span_start, c.span_end, c.matched_alias
            FROM citations c JOIN sources s ON s.id = c.source_id
            WHERE c.article_id {c.In("@Ids")} ORDER BY c.article_id, c.position
            """;
        var claims = $"""
            SELECT article_id, id, text, speaker_id, subject FROM claims WHERE article_id {c.In("@Ids")} ORDER BY article_id, id
            """;
        var rows = (await c.QueryAsync<ArticleRow>(articles, new { Ids = ids }, tx)).ToDictionary(r => r.Id);
        var citationRows = (await c.QueryAsync<CitationRow>(citations, new { Ids = ids }, tx)).ToLookup(r => r.ArticleId);
        var claimRows = (await c.QueryAsync<ClaimRow>(claims, new { Ids = ids }, tx)).ToLookup(r => r.ArticleId);
        return
        [
            .. ids.Where(rows.ContainsKey).Select(id => rows[id].ToResponse(
                [.. citationRows[id].Select(r => r.ToResponse())],
                [.. claimRows[id].Select(r => new ArticleClaim(r.Id, r.Text, r.SpeakerId, r.Subject))])),
        ];
    }

    /// <summary>The URL as compared for uniqueness: case-insensitive scheme and host, no default port, fragment or trailing slash.</summary>
    public static string UrlKey(string url)
    {
        var uri = new Uri(url.Trim(), UriKind.Absolute);
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        var path = uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Scheme.ToLowerInvariant()}://{uri.IdnHost.ToLowerInvariant()}{port}{path}{uri.Query}";
    }

    private sealed class ArticleRow
    {
        public long Id { get; init; }
        public string Url { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Language { get; init; }
        public string? PublishedAt { get; init; }
        public long? PublisherId { get; init; }
        public string? PublisherName { get; init; }
        public string? PublisherKind { get; init; }
        public string? Author { get; init; }
        public string? Body { get; init; }
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";
        public long Version { get; init; }

        public ArticleResponse ToResponse(IReadOnlyList<CitationResponse> citations, IReadOnlyList<ArticleClaim> claims) => new(
            Id, Url, Title, Language, Time.ReadOptional(PublishedAt), PublisherId,
            PublisherId is { } pid ? new SourceRef(pid, PublisherName!, EnumText<SourceKind>.Parse(PublisherKind!)) : null,
            Author, Body, citations, claims, Time.Read(CreatedAt), Time.Read(UpdatedAt), Version);
    }

    private sealed class CitationRow
    {
        public long ArticleId { get; init; }
        public long SourceId { get; init; }
        public string SourceName { get; init; } = "";
        public string Role { get; init; } = "";
        public long? SpanStart { get; init; }
        public long? SpanEnd { get; init; }
        public string? MatchedAlias { get; init; }

        public CitationResponse ToResponse() => new(
            SourceId, SourceName, EnumText<CitationRole>.Parse(Role), (int?)SpanStart, (int?)SpanEnd, MatchedAlias);
    }

    private sealed class ClaimRow
    {
        public long ArticleId { get; init; }
        public long Id { get; init; }
        public string Text { get; init; } = "";
        public long SpeakerId { get; init; }
        public string? Subject { get; init; }
    }
}
