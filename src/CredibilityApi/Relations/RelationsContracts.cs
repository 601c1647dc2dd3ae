using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Mvc;

namespace CredibilityApi.Relations;

[JsonConverter(typeof(StrictEnumConverter<RelationType>))]
public enum RelationType
{
    [JsonStringEnumMemberName("denies")] Denies,
    [JsonStringEnumMemberName("contradicts")] Contradicts,
    [JsonStringEnumMemberName("refutes")] Refutes,
    [JsonStringEnumMemberName("supports")] Supports,
    [JsonStringEnumMemberName("corroborates")] Corroborates,
}

public static class RelationTypes
{
    /// <summary>denies, contradicts and refutes oppose; supports and corroborates agree.</summary>
    public static bool IsOpposing(RelationType type) =>
        type is RelationType.Denies or RelationType.Contradicts or RelationType.Refutes;
}

public sealed record CreateRelationRequest(
    [property: Description("The claim the relation starts at (the denial, the refutation…).")] long? FromClaimId,
    [property: Description("The claim it points at (what is denied, refuted…).")] long? ToClaimId,
    [property: Description("denies, contradicts, refutes (opposing) or supports, corroborates (agreeing).")] RelationType? Type,
    string? Note = null) : IReferencing
{
    public IEnumerable<Reference> References()
    {
        if (FromClaimId is { } from)
        {
            yield return new Reference("FromClaimId", ReferenceKind.Claim, from);
        }
        if (ToClaimId is { } to)
        {
            yield return new Reference("ToClaimId", ReferenceKind.Claim, to);
        }
    }
}

public sealed record RelationResponse(
    long Id,
    long FromClaimId,
    long ToClaimId,
    RelationType Type,
    [property: Description("True for denies, contradicts and refutes.")] bool Opposing,
    string? Note,
    DateTimeOffset CreatedAt);

public sealed class RelationListQuery : PageQuery
{
    [Description("Only relations that start or end at this claim.")]
    [FromQuery(Name = "claimId")]
    public long? ClaimId { get; init; }
}
