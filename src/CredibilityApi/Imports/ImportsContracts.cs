using System.ComponentModel;

namespace CredibilityApi.Imports;

/// <summary>What an NDJSON import came to, line by line.</summary>
public sealed record ImportResponse(
    [property: Description("How many lines were accepted and committed.")] int Accepted,
    [property: Description("The lines refused, with their 1-based line number and why; a refused line wrote nothing.")] IReadOnlyList<RejectedLine> Rejected,
    [property: Description("How many transactions the accepted lines were committed in.")] int Batches,
    [property: Description("Lines 1 to committedLines are settled: each was committed or is listed in rejected. In a 200, every line of the body.")] int CommittedLines,
    [property: Description("The id each committed line's ref was given.")] IReadOnlyList<ImportedRef> Refs);

public sealed record RejectedLine(
    [property: Description("1-based line number in the body.")] int Line,
    [property: Description("Why the line was refused; any value of the line it quotes is cut to 40 characters.")] string Reason);

public sealed record ImportedRef(string Ref, string Entity, long Id);

/// <summary>
/// The problem answered when an import stops before the end of its body: 413 when the body passes
/// Imports:MaxBodyBytes, 503 when the database failed mid-way. Batches commit as the body streams in, so
/// it lists what was committed before the stop, as the 200 would, and the line where the import stopped.
/// </summary>
public sealed record ImportStoppedProblem(
    string? Type,
    string Title,
    int Status,
    string? Detail,
    string? Instance,
    [property: Description("How many lines were accepted and committed before the stop.")] int Accepted,
    [property: Description("The lines up to committedLines that were refused, with why.")] IReadOnlyList<RejectedLine> Rejected,
    [property: Description("How many batches were committed.")] int Batches,
    [property: Description("Lines 1 to committedLines are settled: each was committed or is listed in rejected. Nothing after them was stored.")] int CommittedLines,
    [property: Description("The line the import stopped at (committedLines + 1): send the lines from here on again (with a new Idempotency-Key), naming rows of earlier lines by the ids in refs.")] int StoppedAtLine,
    [property: Description("The id each committed line's ref was given.")] IReadOnlyList<ImportedRef> Refs);

/// <summary>
/// The audit entry written with each committed batch: one per batch, not one per row (an entry per
/// row would double an import's writes), naming every row it created by entity, so each created
/// entity is audited once whichever path wrote it: a POST's own entry or its import batch's.
/// </summary>
public sealed record ImportBatchAudit(
    int Batch, int Lines, int Sources, int Articles, int Claims, int Relations, int Verdicts,
    IReadOnlyDictionary<string, List<long>> Created);
