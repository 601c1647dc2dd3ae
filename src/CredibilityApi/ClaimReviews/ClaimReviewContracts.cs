using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Http;

namespace CredibilityApi.ClaimReviews;

/// <summary>A claim's latest verdict as schema.org ClaimReview JSON-LD.</summary>
public sealed record ClaimReview(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("@type")] string Type,
    [property: Description("The fact-check's address, or this service's claim when the verdict has none.")] string Url,
    [property: Description("The claim's text.")] string ClaimReviewed,
    [property: Description("When the review was made.")] DateTimeOffset DatePublished,
    [property: Description("The reviewer.")] LinkedDataThing Author,
    ClaimReviewRating ReviewRating,
    ReviewedClaim ItemReviewed);

/// <summary>A schema.org thing named by type and name (Organization, Person).</summary>
public sealed record LinkedDataThing(
    [property: JsonPropertyName("@type")] string Type,
    string Name);

/// <summary>
/// The rating on a 1 (false) to 5 (true) scale; ratingValue is null for unverifiable. alternateName is the
/// reviewer's own label when one was recorded, otherwise the rating's name.
/// </summary>
public sealed record ClaimReviewRating(
    [property: JsonPropertyName("@type")] string Type,
    int? RatingValue,
    int BestRating,
    int WorstRating,
    string AlternateName);

public sealed record ReviewedClaim(
    [property: JsonPropertyName("@type")] string Type,
    [property: Description("The claim's speaker: a Person, or an Organization for outlets, organisations and unnamed sources.")] LinkedDataThing Author,
    [property: Description("When the speaker made the claim.")] DateTimeOffset? DatePublished,
    [property: Description("The article the claim appears in.")] IReadOnlyList<CreativeWorkLink> Appearance,
    CreativeWorkLink? FirstAppearance);

public sealed record CreativeWorkLink(
    [property: JsonPropertyName("@type")] string Type,
    string Url,
    DateTimeOffset? DatePublished);

/// <summary>A page of ClaimReviews as a schema.org DataFeed; nextCursor is null on the last page.</summary>
public sealed record ClaimReviewFeed(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("@type")] string Type,
    IReadOnlyList<ClaimReview> DataFeedElement,
    string? NextCursor);

public sealed class ClaimReviewFeedQuery : PageQuery;
