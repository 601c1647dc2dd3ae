using System.Data;
using System.Data.Common;
using CredibilityApi.Audit;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Sources;

public sealed class SourceStore(Db db, AuditLog audit)
{
    private const string Entity = "source";

    public Task<SourceResponse> CreateAsync(CreateSourceRequest request, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var source = await InsertAsync(c, tx, request);
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, Entity, source.Id, null, source);
            return source;
        }, ct);

    /// <summary>Inserts a source inside the caller's transaction (also used by the demo loader and imports).</summary>
    public static async Task<SourceResponse> InsertAsync(DbConnection c, IDbTransaction tx, CreateSourceRequest request)
    {
        var id = RowWriter.Write(c, tx, rows => rows.AddSource(request));
        return (await LoadAsync(c, [id], tx)).Single();
    }

    public Task<SourceResponse?> GetAsync(long id, CancellationToken ct) =>
        db.ReadAsync(async c => (await LoadAsync(c, [id])).SingleOrDefault(), ct);

    public async Task<Page<SourceResponse>> ListAsync(SourceListQuery query, CancellationToken ct)
    {
        var limit = Paging.Take(query.Limit);
        Cursor.TryDecode(query.Cursor, out var after);
        var q = query.Q is null ? null : TextFold.Fold(query.Q).Trim();
        // As in claim search, a q that folds to nothing (marks, tatweel, diacritics, white space) finds nothing.
        if (q is "")
        {
            return new Page<SourceResponse>([], null);
        }
        return await db.ReadAsync(async c =>
        {
            var sql = $"""
                SELECT s.id FROM sources s
                WHERE s.id > @After
                  AND (@Kind IS NULL OR s.kind = @Kind)
                  AND (@Q IS NULL OR {c.Position("s.name_folded", "@Q")} > 0
                       OR EXISTS (SELECT 1 FROM source_aliases a WHERE a.source_id = s.id AND {c.Position("a.text_folded", "@Q")} > 0))
                ORDER BY s.id LIMIT @Take
                """;
            var ids = (await c.QueryAsync<long>(sql, new { After = after, query.Kind, Q = q, Take = limit + 1 })).ToList();
            return Paging.ToPage(await LoadAsync(c, ids), limit, s => s.Id);
        }, ct);
    }

    public Task<WriteResult<SourceResponse>> UpdateAsync(
        long id, UpdateSourceRequest request, Func<long, bool> isStale, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = (await LoadAsync(c, [id], tx)).SingleOrDefault();
            if (before is null)
            {
                return WriteResult<SourceResponse>.NotFound;
            }
            if (isStale(before.Version))
            {
                return WriteResult<SourceResponse>.Stale;
            }

            var affiliation = request.AffiliationId switch { null => before.AffiliationId, 0 => null, var v => v };
            if (affiliation is { } joined && joined != before.AffiliationId && await FormsCycleAsync(c, tx, id, joined))
            {
                return WriteResult<SourceResponse>.Invalid(AffiliationField,
                    $"would make source {id} its own affiliation: source {joined} is {id} or belongs to it through its affiliations.");
            }

            const string sql = """
                UPDATE sources SET name = @Name, name_folded = @NameFolded, kind = @Kind, country = @Country,
                    homepage = @Homepage, affiliation_id = @Affiliation, updated_at = @Now, version = version + 1
                WHERE id = @Id
                """;
            var name = request.Name is { } given ? Normalize.Name(given) : before.Name;
            await c.ExecuteAsync(sql, new
            {
                Id = id,
                Name = name,
                NameFolded = TextFold.Fold(name),
                Kind = EnumText<SourceKind>.Name(request.Kind ?? before.Kind),
                Country = request.Country switch { null => before.Country, "" => null, var v => Normalize.Country(v) },
                Homepage = request.Homepage switch { null => before.Homepage, "" => null, var v => v },
                Affiliation = affiliation,
                Now = Time.Store(DateTimeOffset.UtcNow),
            }, tx);
            if (request.Aliases is { } aliases)
            {
                await c.ExecuteAsync("DELETE FROM source_aliases WHERE source_id = @id", new { id }, tx);
                RowWriter.Write(c, tx, rows =>
                {
                    rows.AddAliases(id, aliases);
                    return id;
                });
            }
            var after = (await LoadAsync(c, [id], tx)).Single();
            await audit.RecordAsync(c, tx, actor, AuditAction.Update, Entity, id, before, after);
            return WriteResult<SourceResponse>.Done(after);
        }, ct);

    /// <summary>Deletes an unused source. A source that claims, articles or citations still name is a conflict, never a cascade.</summary>
    public Task<WriteResult<SourceResponse>> DeleteAsync(long id, Func<long, bool> isStale, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = (await LoadAsync(c, [id], tx)).SingleOrDefault();
            if (before is null)
            {
                return WriteResult<SourceResponse>.NotFound;
            }
            if (isStale(before.Version))
            {
                return WriteResult<SourceResponse>.Stale;
            }

            const string usage = """
                SELECT (SELECT count(*) FROM claims WHERE speaker_id = @id)
                     + (SELECT count(*) FROM claim_via WHERE source_id = @id) AS claims,
                       (SELECT count(*) FROM articles WHERE publisher_id = @id) AS articles,
                       (SELECT count(*) FROM citations WHERE source_id = @id) AS citations,
                       (SELECT count(*) FROM sources WHERE affiliation_id = @id) AS members
                """;
            var used = await c.QuerySingleAsync<(long Claims, long Articles, long Citations, long Members)>(usage, new { id }, tx);
            if (used.Claims + used.Articles + used.Citations + used.Members > 0)
            {
                return WriteResult<SourceResponse>.Conflict(
                    $"It is still used by {used.Claims} claim attribution(s), {used.Articles} article(s) as publisher, " +
                    $"{used.Citations} citation(s) and {used.Members} source(s) as their affiliation. Remove those first.");
            }
            await c.ExecuteAsync("DELETE FROM sources WHERE id = @id", new { id }, tx);
            await audit.RecordAsync(c, tx, actor, AuditAction.Delete, Entity, id, before, null);
            return WriteResult<SourceResponse>.Done(null);
        }, ct);

    /// <summary>The field a refused affiliation is named by.</summary>
    public const string AffiliationField = "affiliationId";

    /// <summary>How many affiliation hops a chain may take before it is treated as a cycle (a guard, never reached by real data).</summary>
    public const int MaxAffiliationDepth = 64;

    /// <summary>
    /// Whether <paramref name="source"/> joining <paramref name="affiliation"/> closes a cycle: the affiliation is the
    /// source itself, or the source is on the affiliation's chain. Read inside the write's transaction.
    /// </summary>
    private static async Task<bool> FormsCycleAsync(IDbConnection c, IDbTransaction tx, long source, long affiliation)
    {
        const string chain = """
            WITH RECURSIVE up (id, depth) AS (
                SELECT @Affiliation, 0
                UNION ALL
                SELECT s.affiliation_id, up.depth + 1 FROM sources s JOIN up ON s.id = up.id
                WHERE s.affiliation_id IS NOT NULL AND up.depth < @Max
            )
            SELECT count(*) FROM up WHERE id = @Source OR depth >= @Max
            """;
        return await c.ExecuteScalarAsync<long>(chain, new { Affiliation = affiliation, Source = source, Max = MaxAffiliationDepth }, tx) > 0;
    }

    /// <summary>The ids among <paramref name="ids"/> that name existing sources.</summary>
    public Task<HashSet<long>> ExistingAsync(IEnumerable<long> ids, CancellationToken ct) =>
        db.ReadAsync(async c =>
            (await c.QueryAsync<long>($"SELECT id FROM sources WHERE id {c.In("@Ids")}", new { Ids = ids.Distinct().ToArray() }))
            .ToHashSet(), ct);

    /// <summary>Sources by id with their aliases, in the order of <paramref name="ids"/>.</summary>
    public static async Task<List<SourceResponse>> LoadAsync(IDbConnection c, IReadOnlyCollection<long> ids, IDbTransaction? tx = null)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var sources = $"""
            SELECT id, name, kind, country, homepage, affiliation_id, created_at, updated_at, version FROM sources WHERE id {c.In("@Ids")}
            """;
        var aliases = $"""
            SELECT source_id, text, language FROM source_aliases WHERE source_id {c.In("@Ids")} ORDER BY source_id, position
            """;
        var rows = (await c.QueryAsync<SourceRow>(sources, new { Ids = ids }, tx)).ToDictionary(r => r.Id);
        var aliasRows = (await c.QueryAsync<AliasRow>(aliases, new { Ids = ids }, tx))
            .ToLookup(a => a.SourceId, a => new SourceAlias(a.Text, a.Language));
        return [.. ids.Where(rows.ContainsKey).Select(id => rows[id].ToResponse([.. aliasRows[id]]))];
    }

    private sealed class SourceRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Country { get; init; }
        public string? Homepage { get; init; }
        public long? AffiliationId { get; init; }
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";
        public long Version { get; init; }

        public SourceResponse ToResponse(IReadOnlyList<SourceAlias> aliases) => new(
            Id, Name, EnumText<SourceKind>.Parse(Kind), Country, Homepage, aliases, AffiliationId,
            Time.Read(CreatedAt), Time.Read(UpdatedAt), Version);
    }

    private sealed class AliasRow
    {
        public long SourceId { get; init; }
        public string Text { get; init; } = "";
        public string? Language { get; init; }
    }
}
