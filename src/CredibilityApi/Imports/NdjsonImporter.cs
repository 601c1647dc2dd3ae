using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using CredibilityApi.Articles;
using CredibilityApi.Audit;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;
using Dapper;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Imports;

/// <summary>
/// Streams an NDJSON body line by line: each line is parsed into its entity's create request, its
/// refs resolved, validated by that entity's validator, and queued; every <see cref="BatchSize"/>
/// accepted lines are written through <see cref="BulkInserts"/> in one transaction with one audit
/// entry. Lines that refer to rows not yet committed carry placeholder (negative) ids, swapped for
/// the real ones as their batch is inserted in line order.
/// </summary>
/// <remarks>
/// Batches are pipelined: while one batch is written (on another thread), the lines of the next
/// are parsed and validated, so an import takes about the longer of the two rather than their sum.
/// At most one batch is in flight, and it is settled (committed, its ids known) before the next
/// starts, before any line that looks the store up is validated (articles, relations, verdicts,
/// and lines naming a row by its id rather than by ref), and before the answer: each line's
/// outcome is the one a strictly sequential import would give.
/// </remarks>
public sealed class NdjsonImporter(
    Db db,
    AuditLog audit,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    IValidator<CreateSourceRequest> sources,
    IValidator<CreateArticleRequest> articles,
    IValidator<CreateClaimRequest> claims,
    IValidator<CreateRelationRequest> relations,
    IValidator<CreateVerdictRequest> verdicts)
{
    public const int BatchSize = 5_000;

    /// <summary>The most bytes a line may hold, its line break ("\n" or "\r\n") not counted.</summary>
    public const int MaxLineBytes = 1_048_576;

    public const int MaxRefLength = 200;

    /// <summary>The most refs one request may give (its answer lists them all).</summary>
    public const int MaxRefs = 100_000;

    /// <summary>The most characters of a line's own text a reason quotes.</summary>
    public const int MaxQuoted = 40;

    private readonly JsonSerializerOptions options = json.Value.SerializerOptions;

    // A key given twice would leave which one counts to the parser (and the tree throws on reading it).
    private readonly JsonDocumentOptions lineOptions = new() { MaxDepth = json.Value.SerializerOptions.MaxDepth, AllowDuplicateProperties = false };

    /// <summary>
    /// Imports the lines of <paramref name="body"/>, reading at most <paramref name="maxBodyBytes"/>: the lines
    /// wholly inside the limit are imported and the answer says where the import stopped. With a
    /// <paramref name="journal"/> (an Idempotency-Key) each batch also records the progress in its transaction, and
    /// an import the journal resumes starts after the lines it committed (the reader is already past them).
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(
        PipeReader body, Actor actor, long maxBodyBytes, ImportJournal? journal, CancellationToken ct)
    {
        var run = new Run(maxBodyBytes, journal);
        if (journal?.Resume is { } resume)
        {
            run.StartFrom(resume);
        }
        ImportStop? stop = null;
        try
        {
            await ReadLinesAsync(run, body, actor, ct);
            await FlushAsync(run, actor, ct);
            await SettleAsync(run);
            if (run.StoppedAtLine is not null)
            {
                stop = ImportStop.BodyTooLarge;
            }
        }
        catch (SqliteException)
        {
            // The database refused a batch (disk full, a row named meanwhile deleted): that batch wrote
            // nothing, the ones before it stand, and the answer says so.
            stop = ImportStop.WriteRefused;
        }
        finally
        {
            // A batch still being written when the import fails (a read of the store failed, the
            // client went) is let finish before the request ends, and when it commits, its lines and
            // ids are counted as committed: the answer never under-reports what is stored. The first
            // failure is the one reported.
            if (run.Writing is not null)
            {
                try
                {
                    await SettleAsync(run);
                }
                catch (Exception e) when (e is SqliteException or OperationCanceledException or InvalidOperationException)
                {
                    // that batch wrote nothing
                }
            }
        }
        var settled = stop == ImportStop.WriteRefused ? run.CommittedLines : run.LineNumber;
        var response = new ImportResponse(
            stop == ImportStop.WriteRefused ? run.CommittedAccepted : run.Accepted,
            [.. run.Rejected.Where(r => r.Line <= settled)],
            run.Batches,
            settled,
            [.. run.Refs.Where(r => r.Value.Id > 0).Select(r => new ImportedRef(r.Key, r.Value.Entity, r.Value.Id))]);
        return new ImportOutcome(response, stop, stop is null ? null : settled + 1);
    }

    private async Task ReadLinesAsync(Run run, PipeReader body, Actor actor, CancellationToken ct)
    {
        var skipping = false;
        while (true)
        {
            var read = await body.ReadAsync(ct);
            var buffer = read.Buffer;
            // Only the bytes within the body limit are read; lines the limit cuts through are not.
            var tooLarge = buffer.Length > run.MaxBodyBytes - run.Consumed;
            if (tooLarge)
            {
                buffer = buffer.Slice(0, run.MaxBodyBytes - run.Consumed);
            }
            while (TryTakeLine(ref buffer, out var line, out var taken))
            {
                run.Take(taken, endsLine: true);
                if (skipping)
                {
                    // The tail of an over-long line, already refused.
                    skipping = false;
                    continue;
                }
                await AcceptOrRejectAsync(run, line, actor, ct);
            }
            // The line so far has no line break: once it holds more than a line may (and a '\r'), it is refused unread.
            if (!skipping && buffer.Length > MaxLineBytes + 1)
            {
                run.Rejected.Add(new RejectedLine(run.LineNumber + 1, TooLong));
                skipping = true;
            }
            if (tooLarge)
            {
                run.StoppedAtLine = run.LineNumber + 1;
                body.AdvanceTo(buffer.Start);
                return;
            }
            if (skipping)
            {
                run.Take(buffer, endsLine: read.IsCompleted);
                buffer = buffer.Slice(buffer.End);
            }
            if (read.IsCompleted)
            {
                if (buffer.Length > 0)
                {
                    // the last line, without a line break
                    run.Take(buffer, endsLine: true);
                    await AcceptOrRejectAsync(run, buffer, actor, ct);
                    buffer = buffer.Slice(buffer.End);
                }
                body.AdvanceTo(buffer.End);
                break;
            }
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line, out ReadOnlySequence<byte> taken)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = taken = default;
            return false;
        }
        line = buffer.Slice(0, end);
        var next = buffer.GetPosition(1, end);
        taken = buffer.Slice(0, next);
        buffer = buffer.Slice(next);
        return true;
    }

    private async Task AcceptOrRejectAsync(Run run, ReadOnlySequence<byte> line, Actor actor, CancellationToken ct)
    {
        var number = run.LineNumber;
        var length = line.Length;
        if (length > 0 && line.Slice(length - 1).FirstSpan[0] == (byte)'\r')
        {
            length--;
        }
        if (length > MaxLineBytes)
        {
            run.Rejected.Add(new RejectedLine(number, TooLong));
            return;
        }
        var bytes = line.Slice(0, length).ToArray();
        var text = bytes.AsSpan();
        if (text.IsEmpty || text.Trim((byte)' ').IsEmpty)
        {
            return;
        }
        if (!Utf8.IsValid(text))
        {
            run.Rejected.Add(new RejectedLine(number, "is not UTF-8 text."));
            return;
        }
        var outcome = await ParseAsync(run, bytes, ct);
        if (outcome.Reason is { } reason)
        {
            run.Rejected.Add(new RejectedLine(number, reason));
            return;
        }
        var pending = outcome.Line!;
        run.Pending.Add(pending);
        // the placeholder of the run's n-th accepted line (from 0) is -(n + 1)
        var placeholder = -(long)++run.Accepted;
        if (pending.Ref is { } name)
        {
            run.Refs[name] = new RefTarget(pending.Entity, placeholder, number);
            run.PendingRefs.Add(name);
        }
        if (run.Pending.Count >= BatchSize)
        {
            await FlushAsync(run, actor, ct);
        }
    }

    private static readonly string TooLong = $"is longer than {MaxLineBytes} bytes.";

    private async Task<Parsed> ParseAsync(Run run, byte[] text, CancellationToken ct)
    {
        JsonObject line;
        if (JsonText.HasHalfSurrogate(text, options.MaxDepth))
        {
            return Parsed.Reject("is not valid JSON: a string escapes half a surrogate pair.");
        }
        try
        {
            if (JsonNode.Parse(text, documentOptions: lineOptions) is not JsonObject parsed)
            {
                return Parsed.Reject("must be a JSON object { entity, ref, data }.");
            }
            line = parsed;
        }
        catch (JsonException)
        {
            return Parsed.Reject(JsonText.RepeatedProperty(text, options.MaxDepth) is { } repeated
                ? $"is not valid JSON: it gives the key {Quote(repeated.Name)} more than once{(repeated.Depth == 1 ? "" : " in one object")}."
                : "is not valid JSON.");
        }
        foreach (var (key, _) in line)
        {
            if (key is not ("entity" or "ref" or "data"))
            {
                return Parsed.Reject($"has an unknown field {Quote(key)}: a line holds only entity, ref and data.");
            }
        }
        if (line["entity"] is not JsonValue entityValue || !entityValue.TryGetValue<string>(out var entity))
        {
            return Parsed.Reject("entity is required: source, article, claim, relation or verdict.");
        }
        string? name = null;
        if (line["ref"] is { } refNode && (refNode is not JsonValue refValue || !refValue.TryGetValue(out name) || string.IsNullOrWhiteSpace(name)))
        {
            return Parsed.Reject("ref must be a non-empty string.");
        }
        if (name is { Length: > MaxRefLength })
        {
            return Parsed.Reject($"ref must be at most {MaxRefLength} characters.");
        }
        if (name is not null && run.Refs.TryGetValue(name, out var taken))
        {
            return Parsed.Reject($"ref {Quote(name)} is already used by line {taken.Line}.");
        }
        if (name is not null && run.Refs.Count >= MaxRefs)
        {
            return Parsed.Reject($"ref: this import already gives {MaxRefs} refs, the most one request may; send this line without a ref or in another request.");
        }
        if (line["data"] is not JsonObject data)
        {
            return Parsed.Reject("data must be a JSON object: the body the entity's POST takes.");
        }
        if (LooksUpStore(entity, data))
        {
            await SettleAsync(run);
        }

        // Ids named by refs are rows of this import (perhaps of the batch not yet committed): validators skip their look-up.
        var known = new HashSet<long>();
        var unresolved = entity switch
        {
            "source" => Resolve(run, data, "affiliationId", "source", known),
            "article" => Resolve(run, data, "publisherId", "source", known)
                ?? ResolveEach(run, data, "citations", "sourceId", "source", known),
            "claim" => Resolve(run, data, "speakerId", "source", known)
                ?? Resolve(run, data, "articleId", "article", known)
                ?? ResolveEach(run, data, "via", null, "source", known),
            "relation" => Resolve(run, data, "fromClaimId", "claim", known)
                ?? Resolve(run, data, "toClaimId", "claim", known),
            "verdict" => Resolve(run, data, "claimId", "claim", known),
            _ => $"entity {Quote(entity)} is unknown: use source, article, claim, relation or verdict.",
        };
        if (unresolved is not null)
        {
            return Parsed.Reject(unresolved);
        }

        return entity switch
        {
            "source" => await CheckAsync(entity, name, data, sources, known, null, ct),
            "article" => await CheckAsync(entity, name, data, articles, known, a => ArticleConflictAsync(run, a, ct), ct),
            "claim" => await CheckAsync(entity, name, data, claims, known, null, ct),
            "relation" => await CheckAsync(entity, name, data, relations, known, r => RelationConflictAsync(run, r, ct), ct),
            _ => await VerdictAsync(name, data, known, ct),
        };
    }

    private async Task<Parsed> VerdictAsync(string? name, JsonObject data, HashSet<long> known, CancellationToken ct)
    {
        // A verdict's claim is a path parameter over HTTP; in a line it travels in data as claimId.
        if (data["claimId"] is not JsonValue claimValue || !claimValue.TryGetValue<long>(out var claimId))
        {
            return Parsed.Reject("data.claimId: is required (a claim id or the ref of an earlier claim line).");
        }
        data.Remove("claimId");
        if (!known.Contains(claimId) && (claimId <= 0 || !await db.ReadAsync(c => ClaimStore.ExistsAsync(c, claimId), ct)))
        {
            return Parsed.Reject("data.claimId: must be the id of an existing claim.");
        }
        var parsed = await CheckAsync("verdict", name, data, verdicts, known, null, ct);
        return parsed.Line is { } line ? Parsed.Accept(line with { ClaimId = claimId }) : parsed;
    }

    private async Task<Parsed> CheckAsync<T>(
        string entity, string? name, JsonObject data, IValidator<T> validator, HashSet<long> known,
        Func<T, Task<string?>>? conflict, CancellationToken ct)
        where T : class
    {
        T? request;
        try
        {
            request = data.Deserialize<T>(options);
        }
        catch (JsonException e)
        {
            return Parsed.Reject($"data is not a valid {entity} body{(e.Path is { } path ? $" (at {Quote(path, quotes: false)})" : "")}.");
        }
        if (request is null)
        {
            return Parsed.Reject("data must be a JSON object.");
        }
        var context = new ValidationContext<T>(request);
        KnownIds.Set(context, known);
        var result = await validator.ValidateAsync(context, ct);
        if (!result.IsValid)
        {
            return Parsed.Reject(Describe(result.Errors));
        }
        if (conflict is not null && await conflict(request) is { } clash)
        {
            return Parsed.Reject(clash);
        }
        return Parsed.Accept(new PendingLine(entity, name, request, 0));
    }

    private async Task<string?> ArticleConflictAsync(Run run, CreateArticleRequest article, CancellationToken ct)
    {
        var key = ArticleStore.UrlKey(article.Url);
        if (!run.UrlKeys.Add(key))
        {
            return "data.url: an earlier line of this import already has this URL.";
        }
        var existing = await db.ReadAsync(
            c => c.QuerySingleOrDefaultAsync<long?>("SELECT id FROM articles WHERE url_key = @key", new { key }), ct);
        if (existing is not null)
        {
            run.UrlKeys.Remove(key);
            return $"data.url: article {existing} already has this URL.";
        }
        return null;
    }

    private async Task<string?> RelationConflictAsync(Run run, CreateRelationRequest relation, CancellationToken ct)
    {
        var type = EnumText<RelationType>.Name(relation.Type!.Value);
        var key = (relation.FromClaimId!.Value, relation.ToClaimId!.Value, type);
        if (!run.RelationKeys.Add(key))
        {
            return "an earlier line of this import already records this relation.";
        }
        if (key.Item1 < 0 || key.Item2 < 0)
        {
            run.PlaceholderKeys.Add(key);
        }
        const string duplicate = """
            SELECT id FROM relations WHERE from_claim_id = @From AND to_claim_id = @To AND type = @Type
            """;
        var existing = key.Item1 < 0 || key.Item2 < 0
            ? null
            : await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<long?>(duplicate, new { From = key.Item1, To = key.Item2, Type = type }), ct);
        if (existing is not null)
        {
            run.RelationKeys.Remove(key);
            return $"relation {existing} already says this.";
        }
        return null;
    }

    /// <summary>
    /// Whether validating the line may read the store: articles (their URL), relations (an equal
    /// relation), verdicts (their claim), and any line naming a row by id instead of by ref.
    /// Such a line waits for the batch being written, so it sees every earlier line committed.
    /// </summary>
    private static bool LooksUpStore(string entity, JsonObject data)
    {
        static bool IsId(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number;
        return entity switch
        {
            "source" => IsId(data["affiliationId"]),
            "claim" => IsId(data["speakerId"]) || IsId(data["articleId"]) || (data["via"] is JsonArray via && via.Any(IsId)),
            _ => true,
        };
    }

    /// <summary>A value of the line, as a reason quotes it: cut to <see cref="MaxQuoted"/> characters, so no answer grows with the input.</summary>
    private static string Quote(string value, bool quotes = true)
    {
        var cut = value.Length <= MaxQuoted
            ? value
            : string.Concat(value.AsSpan(0, char.IsHighSurrogate(value[MaxQuoted - 1]) ? MaxQuoted - 1 : MaxQuoted), "…");
        return quotes ? $"'{cut}'" : cut;
    }

    private static string Describe(IEnumerable<ValidationFailure> failures) =>
        string.Join("; ", failures.Select(f => $"data.{ValidationFilter.CamelCasePath(f.PropertyName)}: {f.ErrorMessage}"));

    /// <summary>Turns a ref string in <paramref name="field"/> into the id it names; answers the reason when it cannot.</summary>
    private static string? Resolve(Run run, JsonObject data, string field, string entity, HashSet<long> known)
    {
        if (data[field] is not JsonValue value || !value.TryGetValue<string>(out var name))
        {
            return null;
        }
        if (!run.Refs.TryGetValue(name, out var target))
        {
            return $"data.{field}: ref {Quote(name)} is not the ref of an earlier accepted line.";
        }
        if (target.Entity != entity)
        {
            return $"data.{field}: ref {Quote(name)} is a {target.Entity}, not a {entity}.";
        }
        data[field] = target.Id;
        known.Add(target.Id);
        return null;
    }

    private static string? ResolveEach(
        Run run, JsonObject data, string list, string? field, string entity, HashSet<long> known)
    {
        if (data[list] is not JsonArray items)
        {
            return null;
        }
        for (var i = 0; i < items.Count; i++)
        {
            string? reason;
            if (field is null)
            {
                var holder = new JsonObject { ["id"] = items[i]?.DeepClone() };
                reason = Resolve(run, holder, "id", entity, known);
                items[i] = holder["id"]?.DeepClone();
            }
            else
            {
                reason = items[i] is JsonObject item ? Resolve(run, item, field, entity, known) : null;
            }
            if (reason is not null)
            {
                return reason.Replace($"data.{(field ?? "id")}:", $"data.{list}[{i}]{(field is null ? "" : "." + field)}:", StringComparison.Ordinal);
            }
        }
        return null;
    }

    /// <summary>Waits for the batch in flight (if any), then starts writing the pending lines as the next batch.</summary>
    private async Task FlushAsync(Run run, Actor actor, CancellationToken ct)
    {
        if (run.Pending.Count == 0)
        {
            return;
        }
        await SettleAsync(run);
        var batch = run.Pending;
        var first = run.Accepted - batch.Count;
        var number = run.Batches + 1;
        // Lines parsed while the previous batch was written may still name its rows by placeholder.
        var previous = run.Settled;
        // Every line up to this one is settled once the batch commits: accepted in it or earlier, or refused.
        var mark = new BatchMark(
            run.LineNumber, run.Consumed, run.Accepted,
            run.Journal is null ? [] : [.. run.Rejected.Skip(run.RejectedMarked)],
            run.Journal is null ? [] : [.. run.PendingRefs.Select(name => (name, run.Refs[name]))],
            run.Journal?.Hash());
        run.RejectedMarked = run.Rejected.Count;
        run.Writing = Task.Run(() => WriteAsync(batch, first, previous, number, mark, run.Journal, actor, ct), CancellationToken.None);
        run.WritingMark = mark;
        run.WritingFirst = first;
        run.WritingRefs = run.PendingRefs;
        run.Pending = [];
        run.PendingRefs = [];
    }

    /// <summary>Waits for the batch in flight to commit, and swaps its placeholders for the ids it was given.</summary>
    private static async Task SettleAsync(Run run)
    {
        if (run.Writing is not { } writing)
        {
            return;
        }
        long[] ids;
        try
        {
            ids = await writing;
        }
        finally
        {
            run.Writing = null;
        }
        var first = run.WritingFirst;
        run.Settled = new SettledBatch(first, ids);
        run.Batches++;
        run.CommittedLines = run.WritingMark!.LastLine;
        run.CommittedAccepted = run.WritingMark.Accepted;
        long Real(long id) => id < 0 && -id - 1 - first is var at && at >= 0 && at < ids.Length ? ids[at] : id;
        foreach (var name in run.WritingRefs)
        {
            var target = run.Refs[name];
            run.Refs[name] = target with { Id = Real(target.Id) };
        }
        run.WritingRefs = [];
        var keys = run.PlaceholderKeys;
        run.PlaceholderKeys = [];
        foreach (var key in keys)
        {
            var real = (Real(key.From), Real(key.To), key.Type);
            // a key refused against the store has left the set, and stays out
            if (real != key && run.RelationKeys.Remove(key))
            {
                run.RelationKeys.Add(real);
            }
            if (real.Item1 < 0 || real.Item2 < 0)
            {
                run.PlaceholderKeys.Add(real);
            }
        }
    }

    /// <summary>Writes one batch in one transaction: whole or not at all, so a client gone mid-import leaves nothing half-written.</summary>
    private Task<long[]> WriteAsync(
        List<PendingLine> batch, int first, SettledBatch? previous, int number, BatchMark mark, ImportJournal? journal, Actor actor,
        CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var placed = new long[batch.Count];
            long Real(long? id)
            {
                if (id is not < 0)
                {
                    return id!.Value;
                }
                var line = (int)(-id.Value - 1);
                return line >= first ? placed[line - first] : previous!.Ids[line - previous.First];
            }
            long? RealOptional(long? id) => id is null ? null : Real(id);
            var counts = new int[5];
            BulkInserts.Write((Microsoft.Data.Sqlite.SqliteConnection)c, tx, bulk =>
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var line = batch[i];
                    placed[i] = line.Request switch
                    {
                        CreateSourceRequest s => Count(counts, 0, bulk.AddSource(s with { AffiliationId = RealOptional(s.AffiliationId) })),
                        CreateArticleRequest a => Count(counts, 1, bulk.AddArticle(a with
                        {
                            PublisherId = RealOptional(a.PublisherId),
                            Citations = a.Citations?.Select(x => x with { SourceId = RealOptional(x.SourceId) }).ToList(),
                        })),
                        CreateClaimRequest cl => Count(counts, 2, bulk.AddClaim(cl with
                        {
                            SpeakerId = Real(cl.SpeakerId),
                            ArticleId = RealOptional(cl.ArticleId),
                            Via = cl.Via?.Select(v => Real(v)).ToList(),
                        })),
                        CreateRelationRequest r => Count(counts, 3, bulk.AddRelation(r with
                        {
                            FromClaimId = Real(r.FromClaimId),
                            ToClaimId = Real(r.ToClaimId),
                        })),
                        CreateVerdictRequest v => Count(counts, 4, bulk.AddVerdict(Real(line.ClaimId), v)),
                        _ => throw new InvalidOperationException($"No bulk insert for {line.Entity}."),
                    };
                }
            });
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, "import", number, null,
                new ImportBatchAudit(number, batch.Count, counts[0], counts[1], counts[2], counts[3], counts[4]));
            if (journal is not null)
            {
                await journal.SaveBatchAsync(c, tx, new ImportJournal.Batch(
                    number, mark.LastLine, mark.Bytes, mark.Accepted, mark.Hash!, mark.Rejected,
                    [.. mark.Refs.Select(r => new ImportJournal.RefLine(r.Name, r.Target.Entity, Real(r.Target.Id), r.Target.Line))]));
            }
            return placed;
        }, ct);

    private static long Count(int[] counts, int entity, long id)
    {
        counts[entity]++;
        return id;
    }

    private sealed class Run(long maxBodyBytes, ImportJournal? journal)
    {
        public long MaxBodyBytes { get; } = maxBodyBytes;
        /// <summary>The Idempotency-Key's record of the import, when the request has one.</summary>
        public ImportJournal? Journal { get; } = journal;
        /// <summary>The lines read so far (the number of the line last read), and the bytes they took.</summary>
        public int LineNumber { get; private set; }
        public long Consumed { get; private set; }
        /// <summary>The line the body limit cut through, when it did.</summary>
        public int? StoppedAtLine { get; set; }
        public List<PendingLine> Pending { get; set; } = [];
        /// <summary>The refs the pending lines name, to swap for ids once their batch commits.</summary>
        public List<string> PendingRefs { get; set; } = [];
        /// <summary>The batch being written, the run's index of its first line, how far it settles the body, and the refs it names.</summary>
        public Task<long[]>? Writing { get; set; }
        public int WritingFirst { get; set; }
        public BatchMark? WritingMark { get; set; }
        public List<string> WritingRefs { get; set; } = [];
        /// <summary>The batch committed last: lines of the batch written next may name its rows by placeholder.</summary>
        public SettledBatch? Settled { get; set; }
        public Dictionary<string, RefTarget> Refs { get; } = new(StringComparer.Ordinal);
        public HashSet<string> UrlKeys { get; } = new(StringComparer.Ordinal);
        public HashSet<(long From, long To, string Type)> RelationKeys { get; } = [];
        /// <summary>The relation keys that still hold a placeholder.</summary>
        public List<(long From, long To, string Type)> PlaceholderKeys { get; set; } = [];
        public List<RejectedLine> Rejected { get; } = [];
        /// <summary>How many of <see cref="Rejected"/> a batch's mark has taken.</summary>
        public int RejectedMarked { get; set; }
        public int Accepted { get; set; }
        public int Batches { get; set; }
        /// <summary>The lines settled by the batches committed so far, and the accepted lines among them.</summary>
        public int CommittedLines { get; set; }
        public int CommittedAccepted { get; set; }

        /// <summary>Counts (and hashes, under a key) bytes of the body as they are read, and a line when they end one.</summary>
        public void Take(ReadOnlySequence<byte> bytes, bool endsLine)
        {
            Journal?.Append(bytes);
            Consumed += bytes.Length;
            if (endsLine)
            {
                LineNumber++;
            }
        }

        /// <summary>Starts after the lines an earlier request with the same key committed, as if it had just read them.</summary>
        public void StartFrom(ImportJournal.Progress resume)
        {
            LineNumber = CommittedLines = resume.CommittedLines;
            Consumed = resume.CommittedBytes;
            Accepted = CommittedAccepted = resume.Accepted;
            Batches = resume.Batches;
            foreach (var line in resume.Refs)
            {
                Refs[line.Ref] = new RefTarget(line.Entity, line.Id, line.Line);
            }
            Rejected.AddRange(resume.Rejected);
            RejectedMarked = Rejected.Count;
        }
    }

    /// <summary>The row a ref names: a real id once committed, before that a placeholder (see <see cref="AcceptOrRejectAsync"/>).</summary>
    private sealed record RefTarget(string Entity, long Id, int Line);

    private sealed record SettledBatch(int First, long[] Ids);

    /// <summary>
    /// How far a batch settles the body once committed: through line <paramref name="LastLine"/> (its byte
    /// <paramref name="Bytes"/>, hashed as <paramref name="Hash"/>), with the lines refused since the batch before and the refs it gives.
    /// </summary>
    private sealed record BatchMark(
        int LastLine, long Bytes, int Accepted, IReadOnlyList<RejectedLine> Rejected,
        IReadOnlyList<(string Name, RefTarget Target)> Refs, string? Hash);

    private sealed record PendingLine(string Entity, string? Ref, object Request, long ClaimId);

    private sealed record Parsed(PendingLine? Line, string? Reason)
    {
        public static Parsed Accept(PendingLine line) => new(line, null);

        public static Parsed Reject(string reason) => new(null, reason);
    }
}

/// <summary>Why an import stopped before the end of its body.</summary>
public enum ImportStop
{
    /// <summary>The body passed the import's byte limit.</summary>
    BodyTooLarge,

    /// <summary>The database refused to commit a batch.</summary>
    WriteRefused,
}

/// <summary>An import's answer, and where it stopped when it did not read its body to the end.</summary>
public sealed record ImportOutcome(ImportResponse Response, ImportStop? Stop, int? StoppedAtLine);
