using System.Buffers;
using System.Data.Common;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;
using CredibilityApi.Articles;
using CredibilityApi.Audit;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;
using FluentValidation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Imports;

/// <summary>
/// Streams an NDJSON body line by line: each line is parsed into its entity's create request, its
/// refs resolved, validated by that entity's validator, and queued; every <see cref="BatchSize"/>
/// accepted lines are written through <see cref="RowWriter"/> in one transaction with one audit
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
public sealed partial class NdjsonImporter(
    Db db,
    AuditLog audit,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    IValidator<CreateSourceRequest> sources,
    IValidator<CreateArticleRequest> articles,
    IValidator<CreateClaimRequest> claims,
    IValidator<CreateRelationRequest> relations,
    IValidator<CreateVerdictRequest> verdicts,
    StoredReferences stored,
    ILogger<NdjsonImporter> logger)
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
        catch (DbException e)
        {
            LogWriteRefused(e);
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
                catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused an import batch; the import stopped there")]
    private partial void LogWriteRefused(Exception exception);
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
