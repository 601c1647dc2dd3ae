using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Http;
using CredibilityApi.Verdicts;

namespace CredibilityApi.ClaimReviews;

/// <summary>A claim's latest verdict as schema.org ClaimReview JSON-LD.</summary>
public sealed record ClaimReview(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("@type")] string Type,
    [property: Description("The fact-check's address, or, when the verdict has none, this service's own address of the verdict: PublicBaseUrl followed by /v1/claims/{claimId}/verdicts/{id}.")] string Url,
    [property: Description("The claim's text.")] string ClaimReviewed,
    [property: Description("When the review was made.")] DateTimeOffset DatePublished,
    [property: Description("The reviewer.")] LinkedDataThing Author,
    ClaimReviewRating ReviewRating,
    ReviewedClaim ItemReviewed,
    [property: Description("The claim's topics as stored (folded, e.g. 'troop-numbers'); empty when it has none. Imported again, they are the claim's topics.")] IReadOnlyList<string> Keywords);

/// <summary>A schema.org thing named by type and name (Organization, Person).</summary>
public sealed record LinkedDataThing(
    [property: JsonPropertyName("@type")] string Type,
    string Name);

/// <summary>
/// The rating on a 1 (false) to 5 (true) scale; ratingValue is null for unverifiable. name is the rating in
/// this service's terms, so the verdict comes back whatever the label; alternateName is the reviewer's own
/// label when one was recorded, otherwise the rating's name.
/// </summary>
public sealed record ClaimReviewRating(
    [property: JsonPropertyName("@type")] string Type,
    int? RatingValue,
    int BestRating,
    int WorstRating,
    string AlternateName,
    [property: Description("The rating in this service's terms (true, mostly-true, mixed, mostly-false, false, unverifiable).")] string Name);

public sealed record ReviewedClaim(
    [property: JsonPropertyName("@type")] string Type,
    [property: Description("The claim's speaker: a Person, or an Organization for outlets, organisations and unnamed sources.")] LinkedDataThing Author,
    [property: Description("When the speaker made the claim.")] DateTimeOffset? DatePublished,
    [property: Description("The article the claim appears in.")] IReadOnlyList<CreativeWorkLink> Appearance,
    CreativeWorkLink? FirstAppearance,
    [property: Description("The claim's categorical value (the answer it gives to its subject's question), an extension to schema.org's Claim; null when it gives none.")] string? Value);

public sealed record CreativeWorkLink(
    [property: JsonPropertyName("@type")] string Type,
    string Url,
    [property: Description("The article's title.")] string? Headline,
    DateTimeOffset? DatePublished,
    [property: Description("The article's publisher.")] LinkedDataThing? Publisher);

/// <summary>A page of ClaimReviews as a schema.org DataFeed; nextCursor is null on the last page.</summary>
public sealed record ClaimReviewFeed(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("@type")] string Type,
    IReadOnlyList<ClaimReview> DataFeedElement,
    string? NextCursor);

public sealed class ClaimReviewFeedQuery : PageQuery;

/// <summary>The schema.org type a ClaimReview declares.</summary>
[JsonConverter(typeof(StrictEnumConverter<ClaimReviewType>))]
public enum ClaimReviewType
{
    [JsonStringEnumMemberName("ClaimReview")] ClaimReview,
}

/// <summary>
/// A schema.org ClaimReview as fact-checkers publish it (JSON-LD), with the properties this service reads.
/// Any other property (@context, @id, sameAs, image, ...) is read past. The body may also be a JSON array of
/// these, or a schema.org DataFeed whose dataFeedElement items are ClaimReviews or DataFeedItems holding
/// them in item. This record only describes the body in the OpenAPI document: the handler reads the body
/// itself (<see cref="ClaimReviewReader"/>), since the strict binder would refuse the JSON-LD it does not model.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record ClaimReviewInput(
    [property: JsonPropertyName("@type")] ClaimReviewType? Type,
    [property: Description("The fact-check's address: importing a review whose url is already stored changes nothing.")] string Url,
    [property: Description("The claim's text, in its own language.")] string ClaimReviewed,
    [property: Description("The reviewer: an Organization (or Person) with a name, found by name or alias or else created as a source.")] LinkedDataThingInput Author,
    ClaimReviewRatingInput ReviewRating,
    ReviewedClaimInput ItemReviewed,
    [property: Description("When the review was made: an ISO 8601 date or date-time (default: now).")] DateTimeOffset? DatePublished = null,
    [property: Description(ClaimReviewTexts.Keywords)] IReadOnlyList<string>? Keywords = null);

/// <summary>Descriptions the import's schema and its operation share.</summary>
internal static class ClaimReviewTexts
{
    public const string Keywords =
        "schema.org keywords, the claim's topics: one string of comma-separated keywords (',' or the Arabic '،'; blank pieces are " +
        "read past), or an array of keywords (strings, or DefinedTerms with a name). Read on the ClaimReview and on itemReviewed, " +
        "together at most 5 distinct once folded; each keyword follows the rule of a claim's topics (1 to 50 characters of " +
        "letters, digits, spaces, '-' or '_'), stored folded ('Troop numbers' is 'troop-numbers'). A stored claim keeps its topics " +
        "and gains these after them, still at most 5. Anything else is a 400 naming the field (keywords, keywords[2], " +
        "itemReviewed.keywords): no keyword is dropped.";

    public const string Value =
        "The answer the claim gives to its subject's question (who carried out the strike, who wrote it), e.g. 'Jaysh al-Islam': " +
        "this service's extension to schema.org's Claim, as POST /v1/claims takes it (plain text, up to 500 characters). It is read " +
        "here only, not on the ClaimReview. A stored claim without a value takes it; one whose value differs once folded (case, " +
        "accents, Arabic letter forms, punctuation and spacing aside), or that states a quantity, makes the import a 400 naming " +
        "itemReviewed.value, as do two reviews of one claim giving different values.";
}

/// <summary>A schema.org thing with a name: a Person, or an Organization of any kind.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record LinkedDataThingInput(
    string Name,
    [property: JsonPropertyName("@type"), Description("Person, or any Organization type (Organization, NewsMediaOrganization, ...).")] string? Type = null);

/// <summary>
/// The rating. With ratingValue (a number or a numeric string) its place between worstRating (default 1) and
/// bestRating (default 5) picks the rating: the nearest of false 0, mostly-false ¼, mixed ½, mostly-true ¾,
/// true 1, a tie going to the less extreme. Without it, name, else alternateName, must be a known label
/// (English or Arabic: True/صحيح, Mostly true/صحيح جزئياً, Mixed/Half true/نصف صحيح, Misleading/مضلل, Mostly false,
/// False/زائف/كاذب/خاطئ, Unproven/Unverifiable/غير مؤكد/لا يمكن التحقق). alternateName is kept as the
/// verdict's originalLabel.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record ClaimReviewRatingInput(
    [property: JsonPropertyName("@type")] string? Type = null,
    [property: Description("The rating on the reviewer's scale: a number or a numeric string.")] double? RatingValue = null,
    [property: Description("The scale's best (truest) value, default 5.")] double? BestRating = null,
    [property: Description("The scale's worst (falsest) value, default 1.")] double? WorstRating = null,
    [property: Description("The reviewer's own label, e.g. 'مضلل' or 'Half true'.")] string? AlternateName = null,
    [property: Description("The rating's name in a known scale (e.g. 'unverifiable'); read before alternateName when there is no ratingValue.")] string? Name = null);

/// <summary>The claim reviewed.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record ReviewedClaimInput(
    [property: Description("Who made the claim: a Person, or an Organization; found by name or alias or else created as a source.")] LinkedDataThingInput Author,
    [property: JsonPropertyName("@type")] string? Type = null,
    [property: Description("When the claim was made.")] DateTimeOffset? DatePublished = null,
    [property: Description("Where the claim appears (one object or an array): each becomes an article, found by url or else created.")] IReadOnlyList<CreativeWorkInput>? Appearance = null,
    [property: Description("Where the claim first appeared: the claim's article (otherwise the earliest appearance).")] CreativeWorkInput? FirstAppearance = null,
    [property: Description(ClaimReviewTexts.Value)] string? Value = null,
    [property: Description("Keywords of the claim itself, read as the ClaimReview's keywords are and counted with them.")] IReadOnlyList<string>? Keywords = null);

/// <summary>A page a claim appears in (CreativeWork, NewsArticle, ...).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record CreativeWorkInput(
    string Url,
    [property: JsonPropertyName("@type")] string? Type = null,
    [property: Description("The page's title.")] string? Headline = null,
    DateTimeOffset? DatePublished = null,
    [property: Description("The outlet that published it, found by name or alias or else created as an outlet.")] LinkedDataThingInput? Publisher = null);

[JsonConverter(typeof(StrictEnumConverter<ClaimReviewImportStatus>))]
public enum ClaimReviewImportStatus
{
    [JsonStringEnumMemberName("created")] Created,
    [JsonStringEnumMemberName("unchanged")] Unchanged,
}

/// <summary>What became of one review of the document.</summary>
public sealed record ClaimReviewImportResult(
    [property: Description("The review's url.")] string Url,
    [property: Description("created, or unchanged when a verdict with this url was already stored (nothing was written for it).")] ClaimReviewImportStatus Status,
    long ClaimId,
    long VerdictId,
    Rating Rating,
    [property: Description("The reviewer's source; null for an unchanged review whose reviewer no source is named after.")] long? ReviewerId,
    [property: Description("The claim's speaker.")] long SpeakerId,
    [property: Description("The articles of the claim's appearances, its own article first; empty for an unchanged review.")] IReadOnlyList<long> ArticleIds);

/// <summary>An import's answer, or the errors (keyed by JSON path) that refused it with nothing written.</summary>
public sealed record ClaimReviewImport(ClaimReviewImportResponse? Response, Dictionary<string, string[]>? Errors);

/// <summary>The reviews of the document in document order; all were written in one transaction.</summary>
public sealed record ClaimReviewImportResponse(
    IReadOnlyList<ClaimReviewImportResult> Items,
    int Created,
    int Unchanged);
