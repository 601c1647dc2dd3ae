using System.Data;
using System.Data.Common;
using CredibilityApi.Audit;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using CredibilityApi.Verdicts;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Claims;

public sealed class ClaimStore(Db db, AuditLog audit)
{
    private const string Entity = "claim";

    public Task<ClaimResponse> CreateAsync(CreateClaimRequest request, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var claim = await InsertAsync(c, tx, request);
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, Entity, claim.Id, null, claim);
            return claim;
        }, ct);

    /// <summary>Inserts inside the caller's transaction (also used by the demo loader and imports).</summary>
    public static async Task<ClaimResponse> InsertAsync(DbConnection c, IDbTransaction tx, CreateClaimRequest request)
    {
        var id = RowWriter.Write(c, tx, rows => rows.AddClaim(request));
        return (await LoadAsync(c, [id], tx)).Single();
    }

    public Task<ClaimResponse?> GetAsync(long id, CancellationToken ct) =>
        db.ReadAsync(async c => (await LoadAsync(c, [id])).SingleOrDefault(), ct);

    public async Task<Page<ClaimResponse>> ListAsync(ClaimListQuery query, CancellationToken ct)
    {
        if (query.Q is not null)
        {
            return await SearchAsync(query, ct);
        }
        var limit = Paging.Take(query.Limit);
        Cursor.TryDecode(query.Cursor, out var after);
        var sql = $"""
            SELECT c.id FROM claims c
            WHERE c.id > @After
              {Filters(query)}
            ORDER BY c.id LIMIT @Take
            """;
        return await db.ReadAsync(async c =>
        {
            var ids = (await c.QueryAsync<long>(sql, new
            {
                After = after,
                query.Subject,
                query.Status,
                query.SourceId,
                Topic = TopicOf(query),
                Take = limit + 1,
            })).ToList();
            return Paging.ToPage(await LoadAsync(c, ids), limit, x => x.Id);
        }, ct);
    }

    /// <summary>Full-text search: best bm25 rank first, ties by id, each claim with a snippet of where it matched.</summary>
    private async Task<Page<ClaimResponse>> SearchAsync(ClaimListQuery query, CancellationToken ct)
    {
        if (SearchQuery.Parse(query.Q) is not { } search)
        {
            return new Page<ClaimResponse>([], null);
        }
        var limit = Paging.Take(query.Limit);
        var resume = Cursor.TryDecode(query.Cursor, out var afterRank, out var afterId);
        return await db.ReadAsync(async c =>
        {
            // The rank is lower for better matches; the cursor resumes after the last (rank, id) answered.
            var fts = FullTextSql.For(c, "claims_fts");
            var sql = $"""
                SELECT c.id, {fts.Rank} AS rank
                FROM {fts.From} JOIN claims c ON c.id = claims_fts.rowid
                WHERE {fts.Match}
                  AND (NOT @Resume OR {fts.Rank} > @AfterRank OR ({fts.Rank} = @AfterRank AND c.id > @AfterId))
                  {Filters(query)}
                ORDER BY rank, c.id LIMIT @Take
                """;
            var hits = (await c.QueryAsync<(long Id, double Rank)>(sql, new
            {
                Match = fts.MatchOf(search),
                Resume = resume,
                AfterRank = afterRank,
                AfterId = afterId,
                query.Subject,
                query.Status,
                query.SourceId,
                Topic = TopicOf(query),
                Take = limit + 1,
            })).ToList();
            var page = await Paging.ToPageAsync(hits, limit, ids => LoadAsync(c, ids));
            return page with { Items = [.. page.Items.Select(x => x with { Snippet = search.Snippet(x.Text) })] };
        }, ct);
    }

    /// <summary>The list filters other than paging and search, on claims aliased c.</summary>
    private static string Filters(ClaimListQuery query) =>
        $"""
        AND (@Subject IS NULL OR c.subject = @Subject)
        AND (@Status IS NULL OR c.status = @Status)
        {(query.SourceId is null ? "" : """
          AND c.id IN (SELECT id FROM claims WHERE speaker_id = @SourceId
                       UNION SELECT claim_id FROM claim_via WHERE source_id = @SourceId)
          """)}
        {(query.Topic is null ? "" : "AND c.id IN (SELECT claim_id FROM claim_topics WHERE topic = @Topic)")}
        """;

    private static string? TopicOf(ClaimListQuery query) => query.Topic is { } topic ? ClaimTopics.Normalize(topic) : null;

    public Task<WriteResult<ClaimResponse>> UpdateAsync(
        long id, UpdateClaimRequest request, Func<long, bool> isStale, Actor actor, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = (await LoadAsync(c, [id], tx)).SingleOrDefault();
            if (before is null)
            {
                return WriteResult<ClaimResponse>.NotFound;
            }
            if (isStale(before.Version))
            {
                return WriteResult<ClaimResponse>.Stale;
            }
            // The validator can only compare speaker and via when the patch names both; a patch
            // naming one of them is checked here against the other as stored.
            if (ClaimRules.SpeakerIsRelay(request.SpeakerId ?? before.SpeakerId, request.Via ?? before.Via))
            {
                return request.Via is null
                    ? WriteResult<ClaimResponse>.Invalid("speakerId", ClaimRules.SpeakerIsAVia)
                    : WriteResult<ClaimResponse>.Invalid("via", ClaimRules.SpeakerInVia);
            }
            var value = request.Value switch { null => before.Value, "" => null, var v => Normalize.Text(v) };
            var quantity = request.Quantity ?? before.Quantity;
            // A value and a quantity never stand together: a patch giving one clears neither by itself.
            if (value is not null && quantity is not null)
            {
                return WriteResult<ClaimResponse>.Invalid(request.Value is null ? "quantity" : "value", ClaimRules.ValueWithQuantity);
            }

            const string sql = """
                UPDATE claims SET text = @Text, language = @Language, subject = @Subject, stance = @Stance,
                    speaker_id = @SpeakerId, quantity_value = @QuantityValue, quantity_unit = @QuantityUnit,
                    quantity_as_of = @QuantityAsOf, claimed_at = @ClaimedAt, article_id = @ArticleId, value = @Value,
                    updated_at = @Now, version = version + 1
                WHERE id = @Id
                """;
            var text = request.Text is { } given ? Normalize.Text(given) : before.Text;
            await c.ExecuteAsync(sql, new
            {
                Id = id,
                Text = text,
                Language = request.Language switch { null => before.Language, "" => null, var v => v },
                Subject = request.Subject switch { null => before.Subject, "" => null, var v => v.Trim() },
                Stance = EnumText<Stance>.Name(request.Stance ?? before.Stance),
                SpeakerId = request.SpeakerId ?? before.SpeakerId,
                QuantityValue = quantity?.Value,
                QuantityUnit = quantity?.Unit.Trim(),
                QuantityAsOf = Time.StoreDate(quantity?.AsOf),
                ClaimedAt = Time.StoreOptional(request.ClaimedAt ?? before.ClaimedAt),
                ArticleId = request.ArticleId ?? before.ArticleId,
                Value = value,
                Now = Time.Store(DateTimeOffset.UtcNow),
            }, tx);
            if (request.Via is { } via)
            {
                await c.ExecuteAsync("DELETE FROM claim_via WHERE claim_id = @id", new { id }, tx);
            }
            if (request.Topics is not null)
            {
                await c.ExecuteAsync("DELETE FROM claim_topics WHERE claim_id = @id", new { id }, tx);
            }
            RowWriter.Write(c, tx, rows =>
            {
                if (request.Via is { } via)
                {
                    rows.AddVia(id, via);
                }
                if (request.Topics is { } topics)
                {
                    rows.AddTopics(id, ClaimTopics.Normalize(topics));
                }
                if (text != before.Text)
                {
                    rows.ReindexClaim(id, text);
                }
                return id;
            });
            var after = (await LoadAsync(c, [id], tx)).Single();
            await audit.RecordAsync(c, tx, actor, AuditAction.Update, Entity, id, before, after);
            return WriteResult<ClaimResponse>.Done(after);
        }, ct);

    /// <summary>
    /// Sets a claim's value and topics (in their stored forms) inside the caller's transaction: the ClaimReview import
    /// completes a stored claim with those its reviews give. The caller has checked them against the claim's quantity.
    /// </summary>
    public static async Task<ClaimResponse> CompleteAnswerAsync(
        DbConnection c, IDbTransaction tx, long id, string? value, IReadOnlyList<string> topics)
    {
        const string sql = "UPDATE claims SET value = @Value, updated_at = @Now, version = version + 1 WHERE id = @Id";
        await c.ExecuteAsync(sql, new { Id = id, Value = value is null ? null : Normalize.Text(value), Now = Time.Store(DateTimeOffset.UtcNow) }, tx);
        await c.ExecuteAsync("DELETE FROM claim_topics WHERE claim_id = @id", new { id }, tx);
        RowWriter.Write(c, tx, rows =>
        {
            rows.AddTopics(id, topics);
            return id;
        });
        return (await LoadAsync(c, [id], tx)).Single();
    }

    /// <summary>Claims by id with attribution path and latest verdict, in the order of <paramref name="ids"/>.</summary>
    public static async Task<List<ClaimResponse>> LoadAsync(IDbConnection c, IReadOnlyCollection<long> ids, IDbTransaction? tx = null)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var claims = $"""
            SELECT c.id, c.text, c.language, c.subject, c.stance, c.speaker_id, s.name AS speaker_name, s.kind AS speaker_kind,
                   c.quantity_value, c.quantity_unit, c.quantity_as_of, c.claimed_at, c.article_id,
                   a.publisher_id, p.name AS publisher_name, p.kind AS publisher_kind,
                   c.status, c.created_at, c.updated_at, c.version, c.value
            FROM claims c
            JOIN sources s ON s.id = c.speaker_id
            LEFT JOIN articles a ON a.id = c.article_id
            LEFT JOIN sources p ON p.id = a.publisher_id
            WHERE c.id {c.In("@Ids")}
            """;
        var via = $"""
            SELECT v.claim_id, s.id, s.name, s.kind FROM claim_via v JOIN sources s ON s.id = v.source_id
            WHERE v.claim_id {c.In("@Ids")} ORDER BY v.claim_id, v.position
            """;
        var rows = (await c.QueryAsync<ClaimRow>(claims, new { Ids = ids }, tx)).ToDictionary(r => r.Id);
        var relays = (await c.QueryAsync<ViaRow>(via, new { Ids = ids }, tx))
            .ToLookup(r => r.ClaimId, r => new SourceRef(r.Id, r.Name, EnumText<SourceKind>.Parse(r.Kind)));
        var topics = $"SELECT claim_id, topic FROM claim_topics WHERE claim_id {c.In("@Ids")} ORDER BY claim_id, position";
        var tags = (await c.QueryAsync<(long ClaimId, string Topic)>(topics, new { Ids = ids }, tx)).ToLookup(t => t.ClaimId, t => t.Topic);
        var verdicts = await VerdictStore.LatestAsync(c, ids, tx);
        return
        [
            .. ids.Where(rows.ContainsKey).Select(id => rows[id].ToResponse([.. relays[id]], verdicts.GetValueOrDefault(id), [.. tags[id]])),
        ];
    }

    private sealed class ClaimRow
    {
        public long Id { get; init; }
        public string Text { get; init; } = "";
        public string? Language { get; init; }
        public string? Subject { get; init; }
        public string Stance { get; init; } = "";
        public long SpeakerId { get; init; }
        public string SpeakerName { get; init; } = "";
        public string SpeakerKind { get; init; } = "";
        public double? QuantityValue { get; init; }
        public string? QuantityUnit { get; init; }
        public string? QuantityAsOf { get; init; }
        public string? ClaimedAt { get; init; }
        public long? ArticleId { get; init; }
        public long? PublisherId { get; init; }
        public string? PublisherName { get; init; }
        public string? PublisherKind { get; init; }
        public string Status { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";
        public long Version { get; init; }
        public string? Value { get; init; }

        public ClaimResponse ToResponse(IReadOnlyList<SourceRef> via, VerdictSummary? latest, IReadOnlyList<string> topics)
        {
            var speaker = new SourceRef(SpeakerId, SpeakerName, EnumText<SourceKind>.Parse(SpeakerKind));
            List<SourceRef> attribution = [speaker, .. via];
            if (PublisherId is { } publisherId && attribution[^1].Id != publisherId)
            {
                attribution.Add(new SourceRef(publisherId, PublisherName!, EnumText<SourceKind>.Parse(PublisherKind!)));
            }
            return new ClaimResponse(
                Id, Text, Language, Subject, EnumText<Stance>.Parse(Stance), SpeakerId, [.. via.Select(v => v.Id)], attribution,
                QuantityValue is { } value ? new Quantity(value, QuantityUnit!, Time.ReadDate(QuantityAsOf)) : null,
                Time.ReadOptional(ClaimedAt), ArticleId, EnumText<ClaimStatus>.Parse(Status), latest,
                Time.Read(CreatedAt), Time.Read(UpdatedAt), Version, topics, Value: Value);
        }
    }

    private sealed class ViaRow
    {
        public long ClaimId { get; init; }
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
    }
}
