using System.Buffers;
using System.Data;
using System.Security.Cryptography;
using System.Text.Json;
using CredibilityApi.Http;

namespace CredibilityApi.Imports;

/// <summary>
/// An NDJSON import's progress under an Idempotency-Key. It hashes the body bytes as they are read, and
/// each committed batch records, in its own transaction, how far it settles the body (lines, bytes and
/// their hash), the ids its refs were given and the lines refused up to it. A retry with the key whose
/// body starts with the same bytes resumes after them (<see cref="Resume"/>) instead of storing them again.
/// </summary>
public sealed class ImportJournal(IdempotencyStore store, IdempotencyScope scope) : IDisposable
{
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public IdempotencyScope Scope { get; } = scope;

    /// <summary>What the earlier requests with the key committed, when this one resumes them.</summary>
    public Progress? Resume { get; private set; }

    /// <summary>How many bytes of the body have been hashed.</summary>
    public long Bytes { get; private set; }

    public void Append(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            hash.AppendData(segment.Span);
        }
        Bytes += bytes.Length;
    }

    /// <summary>The SHA-256 (hex) of the bytes hashed so far.</summary>
    public string Hash() => Idempotency.Hex(hash.GetCurrentHash());

    /// <summary>
    /// Reads the first bytes of <paramref name="body"/> that <paramref name="record"/> covers and checks they hash
    /// the same; false when they do not (another body under the same key).
    /// </summary>
    public async Task<bool> MatchesAsync(System.IO.Pipelines.PipeReader body, IdempotencyRecord record, CancellationToken ct)
    {
        var left = record.CommittedBytes;
        while (left > 0)
        {
            var read = await body.ReadAsync(ct);
            var taken = read.Buffer.Slice(0, Math.Min(left, read.Buffer.Length));
            Append(taken);
            left -= taken.Length;
            body.AdvanceTo(taken.End);
            if (left > 0 && read.IsCompleted)
            {
                return false;
            }
        }
        return Hash() == record.BodyHash;
    }

    /// <summary>True when the body has no bytes left.</summary>
    public static async Task<bool> AtEndAsync(System.IO.Pipelines.PipeReader body, CancellationToken ct)
    {
        var read = await body.ReadAsync(ct);
        var empty = read.Buffer.IsEmpty;
        body.AdvanceTo(read.Buffer.Start);
        return empty && read.IsCompleted;
    }

    /// <summary>Loads what the batches committed under the key so far, for the import to start after it.</summary>
    public async Task ResumeAsync(IdempotencyRecord record, CancellationToken ct)
    {
        var refs = new List<RefLine>();
        var rejected = new List<RejectedLine>();
        foreach (var state in await store.BatchStatesAsync(record.Id, ct))
        {
            var batch = JsonSerializer.Deserialize<BatchState>(state, StateJson)!;
            refs.AddRange(batch.Refs);
            rejected.AddRange(batch.Rejected);
        }
        Resume = new Progress(record.CommittedLines, record.CommittedBytes, record.Accepted, record.Batches, refs, rejected);
    }

    /// <summary>Records a batch's progress in the transaction that commits it.</summary>
    public Task SaveBatchAsync(IDbConnection c, IDbTransaction tx, Batch batch) =>
        store.SaveProgressAsync(c, tx, Scope, batch.Hash, batch.LastLine, batch.Bytes, batch.Accepted, batch.Number,
            JsonSerializer.Serialize(new BatchState(batch.Refs, batch.Rejected), StateJson));

    public void Dispose() => hash.Dispose();

    /// <summary>A committed batch: settles the body through <paramref name="LastLine"/> (byte <paramref name="Bytes"/>, hashed as <paramref name="Hash"/>).</summary>
    public sealed record Batch(
        int Number, int LastLine, long Bytes, int Accepted, string Hash, IReadOnlyList<RejectedLine> Rejected, IReadOnlyList<RefLine> Refs);

    public sealed record RefLine(string Ref, string Entity, long Id, int Line);

    public sealed record Progress(
        int CommittedLines, long CommittedBytes, int Accepted, int Batches, IReadOnlyList<RefLine> Refs, IReadOnlyList<RejectedLine> Rejected);

    private sealed record BatchState(IReadOnlyList<RefLine> Refs, IReadOnlyList<RejectedLine> Rejected);
}
