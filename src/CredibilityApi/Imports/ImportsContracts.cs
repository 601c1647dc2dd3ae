using System.ComponentModel;

namespace CredibilityApi.Imports;

/// <summary>What an NDJSON import came to, line by line.</summary>
public sealed record ImportResponse(
    [property: Description("How many lines were accepted and committed.")] int Accepted,
    [property: Description("The lines refused, with their 1-based line number and why; a refused line wrote nothing.")] IReadOnlyList<RejectedLine> Rejected,
    [property: Description("How many transactions the accepted lines were committed in.")] int Batches,
    [property: Description("The id each accepted line's ref was given.")] IReadOnlyList<ImportedRef> Refs);

public sealed record RejectedLine(
    [property: Description("1-based line number in the body.")] int Line,
    string Reason);

public sealed record ImportedRef(string Ref, string Entity, long Id);

/// <summary>The audit entry written with each committed batch: one per batch, not one per row.</summary>
public sealed record ImportBatchAudit(int Batch, int Lines, int Sources, int Articles, int Claims, int Relations, int Verdicts);
