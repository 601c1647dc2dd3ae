using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;
using Microsoft.AspNetCore.Mvc;

namespace CredibilityApi.Chains;

[JsonConverter(typeof(StrictEnumConverter<Side>))]
public enum Side
{
    [JsonStringEnumMemberName("with")] With,
    [JsonStringEnumMemberName("against")] Against,
    [JsonStringEnumMemberName("conflicted")] Conflicted,
}

public sealed class ChainQuery
{
    public const int DefaultDepth = 4;
    public const int MaxDepth = 8;

    [Description("How many relations away from the claim to walk, 1 to 8 (default 4).")]
    [FromQuery(Name = "depth")]
    public int? Depth { get; init; }
}

/// <summary>
/// A claim in a chain: what the graph needs to draw it. Sources are named once, in the chain's
/// <c>sources</c>, and referred to here by id; the claim's text is at GET /v1/claims/{id}.
/// </summary>
public sealed record ChainNode(
    long Id,
    string? Subject,
    Stance Stance,
    ClaimStatus Status,
    [property: Description("The speaker's source id (the first of the attribution path).")] long SpeakerId,
    [property: Description("Source ids of the attribution path: speaker → via… → the article's publisher.")] IReadOnlyList<long> Attribution,
    VerdictSummary? LatestVerdict,
    [property: Description("The truth-discovery belief in [0, 1] for claims without a verdict; null until computed.")] double? Belief,
    [property: Description("Relations between this claim and the root on the shortest path.")] int Distance,
    Side Side);

public sealed record ChainEdge(long Id, long FromClaimId, long ToClaimId, RelationType Type, bool Opposing);

public sealed record ChainPath(
    [property: Description("The claims on the path, the root first.")] IReadOnlyList<long> Claims,
    [property: Description("The relations between them, in order.")] IReadOnlyList<long> Relations,
    [property: Description("How many of those relations oppose (deny, contradict, refute).")] int OpposingEdges);

public sealed record ChainSides(IReadOnlyList<long> With, IReadOnlyList<long> Against, IReadOnlyList<long> Conflicted);

public sealed record ChainResponse(
    long Root,
    int Depth,
    IReadOnlyList<ChainNode> Nodes,
    IReadOnlyList<ChainEdge> Edges,
    [property: Description("Simple paths from the root with at least one opposing relation, shortest first: for each claim and each side it is reached on, the shortest such path, so every side is explained.")] IReadOnlyList<ChainPath> Paths,
    ChainSides Sides,
    [property: Description("Every source the nodes' attribution paths name, once.")] IReadOnlyList<SourceRef> Sources,
    [property: Description("True when the chain stops short of depth: the walk has a budget of 20,000 simple paths, spent one length at a time, and a length whose paths do not all fit is not walked at all. Nodes, edges, paths and sides are then exactly the chain at completeDepth.")] bool Truncated,
    [property: Description("The deepest level whose simple paths were all walked: depth unless truncated, never less than 1. Every claim shown is at its true shortest distance, and its side comes from every simple path of at most this many relations.")] int CompleteDepth,
    [property: Description("The moment the nodes' beliefs are as of: every write acknowledged before it is reflected; null before the first computation after start-up.")] DateTimeOffset? BeliefsComputedAt = null);

[JsonConverter(typeof(StrictEnumConverter<HopRole>))]
public enum HopRole
{
    [JsonStringEnumMemberName("speaker")] Speaker,
    [JsonStringEnumMemberName("relay")] Relay,
    [JsonStringEnumMemberName("publisher")] Publisher,
}

public sealed record ProvenanceHop(
    int Position,
    HopRole Role,
    SourceRef Source,
    [property: Description("The source's current credibility (the prior, marked insufficient-evidence, until it has enough).")] CredibilitySummary? Credibility);

public sealed record ProvenanceResponse(
    long ClaimId,
    [property: Description("From the speaker to the article's publisher, in that order.")] IReadOnlyList<ProvenanceHop> Hops);

[JsonConverter(typeof(StrictEnumConverter<ContradictionStatus>))]
public enum ContradictionStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("resolved")] Resolved,
}

public sealed class ContradictionQuery : PageQuery
{
    [Description("open: neither claim has a verdict; resolved: at least one has.")]
    [FromQuery(Name = "status")]
    public string? Status { get; init; }

    [Description("Only contradictions where either claim is on this subject.")]
    [FromQuery(Name = "subject")]
    public string? Subject { get; init; }

    [Description("Only relations recorded at or after this time (ISO 8601).")]
    [FromQuery(Name = "since")]
    public DateTimeOffset? Since { get; init; }
}

/// <summary>A claim as a contradiction shows it.</summary>
public sealed record ContradictionClaim(
    long Id,
    string Text,
    string? Subject,
    Stance Stance,
    ClaimStatus Status,
    SourceRef Speaker,
    [property: Description("The truth-discovery belief in [0, 1]; null for claims with a verdict and until computed.")] double? Belief = null);

public sealed record ContradictionResponse(
    ChainEdge Relation,
    ContradictionStatus Status,
    ContradictionClaim From,
    ContradictionClaim To,
    DateTimeOffset CreatedAt);

public sealed class SubjectQuery
{
    public const double DefaultTolerance = 0.10;

    [Description("Relative difference within which two quantities of one unit agree (default 0.10).")]
    [FromQuery(Name = "tolerance")]
    public double? Tolerance { get; init; }
}

[JsonConverter(typeof(StrictEnumConverter<GroupKind>))]
public enum GroupKind
{
    [JsonStringEnumMemberName("stance")] Stance,
    [JsonStringEnumMemberName("quantity")] Quantity,
    [JsonStringEnumMemberName("value")] Value,
}

public sealed record QuantityRange(double Value, string Unit, double Min, double Max);

public sealed record SubjectClaim(
    long Id,
    string Text,
    Stance Stance,
    ClaimStatus Status,
    Quantity? Quantity,
    SourceRef Speaker,
    [property: Description("The truth-discovery belief in [0, 1]; null for claims with a verdict and until computed.")] double? Belief = null,
    [property: Description("The categorical value the claim gives, as written; null when it gives none.")] string? Value = null);

public sealed record SubjectGroup(
    GroupKind Kind,
    [property: Description("For stance groups: the stance the claims share.")] Stance? Stance,
    [property: Description("For quantity groups: the median value, its unit, and the range of the group.")] QuantityRange? Quantity,
    IReadOnlyList<SubjectClaim> Claims,
    [property: Description("Every source on the claims' attribution paths.")] IReadOnlyList<SourceRef> Sources,
    [property: Description("How strongly the group is believed, in [0, 1]: the beliefs of its distinct values (or its stance) summed; null until computed. The groups of one subject's rival values (or numbers of one unit, or stances) sum to 1.")] double? Belief,
    [property: Description("For value groups: the value as the group's first claim wrote it (its claims' values are equal once folded: case, accents, Arabic letter forms, punctuation and spacing aside).")] string? Value = null);

/// <summary>The answer believed most on a subject: a number with its unit, or a categorical value.</summary>
public sealed record SubjectEstimate(
    [property: Description("For quantities: the value believed most; null for a categorical answer.")] double? Value,
    [property: Description("For quantities: the unit as a claim wrote it; null for a categorical answer.")] string? Unit,
    [property: Description("For categorical values: the value believed most, as its first claim wrote it; null for quantities.")] string? Answer = null,
    [property: Description("The belief in that answer, in [0, 1]: its share among the rival answers on the subject.")] double? Belief = null);

public sealed record SubjectResponse(
    string Subject,
    int ClaimCount,
    IReadOnlyList<SubjectGroup> Groups,
    [property: Description("For subjects with quantities or categorical values: the answer believed most (close numbers lend each other support), with its belief; null otherwise or until computed.")] SubjectEstimate? Estimate = null,
    [property: Description("The moment the beliefs shown are as of: every write acknowledged before it is reflected. A read never waits for beliefs to be computed, so a write may take a moment to show; null before the first computation after start-up.")] DateTimeOffset? ComputedAt = null,
    [property: Description("True when the subject has more claims than a view lists (5,000, the first by id): groups are built from those listed; claimCount and the estimate count every claim.")] bool Truncated = false);

[JsonConverter(typeof(StrictEnumConverter<SuggestionReason>))]
public enum SuggestionReason
{
    [JsonStringEnumMemberName("opposite-stance")] OppositeStance,
    [JsonStringEnumMemberName("conflicting-quantity")] ConflictingQuantity,
}

public sealed record Suggestion(
    long ClaimId,
    SuggestionReason Reason,
    [property: Description("Why, in words.")] string Detail,
    [property: Description("How likely the two claims conflict, in [0, 1]; suggestions come best first.")] double Score);

public sealed record SuggestionsResponse(
    long ClaimId,
    [property: Description("At most 50, best first; every claim on the subject is weighed.")] IReadOnlyList<Suggestion> Items,
    [property: Description("True when more claims qualified than the 50 listed.")] bool Truncated = false);
