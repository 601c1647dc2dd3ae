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

/// <summary>What one import run holds while it reads: refs, pending and settled batches, rejections.</summary>
public sealed partial class NdjsonImporter
{
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
