using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Http;

namespace CredibilityApi.Verdicts;

[JsonConverter(typeof(StrictEnumConverter<Rating>))]
public enum Rating : byte
{
    [JsonStringEnumMemberName("true")] True,
    [JsonStringEnumMemberName("mostly-true")] MostlyTrue,
    [JsonStringEnumMemberName("mixed")] Mixed,
    [JsonStringEnumMemberName("mostly-false")] MostlyFalse,
    [JsonStringEnumMemberName("false")] False,
    [JsonStringEnumMemberName("unverifiable")] Unverifiable,
}

/// <summary>What a verdict's originalLabel is, wherever a verdict is shown.</summary>
internal static class VerdictTexts
{
    public const string OriginalLabel = "The reviewer's own label where its scale is finer than the five ratings, e.g. 'Pants on Fire' or 'مضلل'; null when none was recorded.";
}

public sealed record CreateVerdictRequest(
    [property: Description("true, mostly-true, mixed, mostly-false, false or unverifiable.")] Rating? Rating,
    [property: Description("Who rated the claim: a fact-checking desk or person.")] string Reviewer,
    [property: Description("Where the fact-check is published.")] string? Url = null,
    [property: Description("When the review was made (default: now). The latest review counts.")] DateTimeOffset? ReviewedAt = null,
    string? Explanation = null,
    [property: Description("The reviewer's own label, e.g. 'مضلل' or 'Pants on Fire'.")] string? OriginalLabel = null);

public sealed record VerdictResponse(
    long Id,
    long ClaimId,
    Rating Rating,
    string Reviewer,
    string? Url,
    DateTimeOffset ReviewedAt,
    string? Explanation,
    string? OriginalLabel,
    DateTimeOffset CreatedAt);

/// <summary>A claim's latest verdict, as the claim shows it.</summary>
public sealed record VerdictSummary(
    long Id,
    Rating Rating,
    string Reviewer,
    DateTimeOffset ReviewedAt,
    [property: Description(VerdictTexts.OriginalLabel)] string? OriginalLabel);
