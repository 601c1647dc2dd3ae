using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CredibilityApi.ClaimReviews;

public static class ClaimReviewApi
{
    public const string JsonMediaType = "application/json";
    public const string JsonLdMediaType = "application/ld+json";

    public static IEndpointRouteBuilder MapClaimReviews(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("ClaimReview").WithValidation();

        group.MapGet("/claims/{id:long}/claimreview", GetClaimReview)
            .WithName("GetClaimReview")
            .WithSummary("A claim's latest verdict as schema.org ClaimReview JSON-LD")
            .WithDescription("404 when the claim does not exist or has no verdict yet.")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/exports/claimreview", ExportClaimReviews)
            .WithName("ExportClaimReviews")
            .WithSummary("Every claim with a verdict as ClaimReview JSON-LD, in a paged schema.org DataFeed")
            .WithDescription("Ordered by claim id; pass nextCursor as cursor for the next page.")
            .Reads();
        group.MapPost("/imports/claimreview", ImportClaimReviews)
            .WithName("ImportClaimReviews")
            .WithSummary("Import schema.org ClaimReview JSON-LD: one review, an array of them, or a DataFeed")
            .WithDescription(
                "The body is ClaimReview JSON-LD as fact-checkers publish it (application/json or application/ld+json): one " +
                "ClaimReview, a JSON array of them, or a schema.org DataFeed whose dataFeedElement items are ClaimReviews or " +
                "DataFeedItems holding them in item (one or an array). Unlike every other body, unknown properties are not " +
                "refused: JSON-LD carries vocabulary this service does not model (@context, @id, sameAs, image, ...), so only the " +
                "properties in the schema are read and the rest is ignored. Those are checked as other writes are (types, " +
                "required properties, lengths, no control or bidi characters, http(s) URLs; the body limit holds), and every " +
                "failure is a 400 whose errors keys are JSON paths such as [0].claimReviewed or " +
                "dataFeedElement[0].item[0].reviewRating.ratingValue. For each review the reviewer (author), the claim's speaker " +
                "(itemReviewed.author) and each appearance's publisher are found by name or alias or created as sources; each " +
                "appearance (and firstAppearance) is found by url or created as an article citing the speaker; the claim " +
                "(claimReviewed) is the speaker's claim with the same text or a new one in the first appearance's article; the " +
                "review becomes a verdict with alternateName as originalLabel. itemReviewed.value (this service's extension to " +
                "schema.org's Claim, as POST /v1/claims takes value) is the claim's categorical value, and keywords (on the " +
                "ClaimReview or on itemReviewed; a comma-separated string or an array) are its topics, at most 5 distinct once " +
                "folded: a stored claim without a value takes the review's and gains the keywords after its own topics. A value " +
                "that differs once folded from the stored claim's or from another review's of the same claim, a value on a claim " +
                "stating a quantity, keywords that break the topics' rule or would give the claim more than 5 topics, and a value " +
                "on the ClaimReview itself are each a 400 naming the field: nothing is dropped. The rating comes from ratingValue on " +
                "worstRating..bestRating (default 1..5) when given — the nearest of false 0, mostly-false ¼, mixed ½, mostly-true ¾, " +
                "true 1 to its position, halfway going to the less extreme — otherwise from alternateName as a known English or " +
                "Arabic label. A review whose url a stored verdict already has is answered unchanged and nothing is written for " +
                "it, so importing a feed again changes nothing. The whole document is one transaction: if any review is invalid, " +
                $"nothing is written. At most {ClaimReviewReader.MaxReviews} reviews per request. With an Idempotency-Key, the " +
                "answer is kept with the key (24 hours) in the import's transaction and a retry with the same key and body gets " +
                "it again (with Idempotency-Replayed: true) instead of importing again; the same key with another body is a 422, " +
                "a key whose request is still running a 409. A refused body keeps nothing.")
            .Accepts<ClaimReviewInput>(JsonMediaType, JsonLdMediaType)
            .Writes()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return routes;
    }

    private static async Task<Results<Ok<ClaimReview>, ProblemHttpResult>> GetClaimReview(
        [Description("The claim's id.")] long id, ClaimReviewStore store, IOptions<PublicBaseUrlOptions> publicUrl, CancellationToken ct)
    {
        if (await store.GetAsync(id, publicUrl.Value.Base, ct) is not { } review)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Claim {id} does not exist or has no verdict.");
        }
        return TypedResults.Ok(review);
    }

    private static async Task<Ok<ClaimReviewFeed>> ExportClaimReviews(
        [AsParameters] ClaimReviewFeedQuery query, ClaimReviewStore store, IOptions<PublicBaseUrlOptions> publicUrl, CancellationToken ct) =>
        TypedResults.Ok(await store.FeedAsync(query, publicUrl.Value.Base, ct));

    private static async Task<Results<Ok<ClaimReviewImportResponse>, ValidationProblem, ProblemHttpResult, ContentHttpResult>> ImportClaimReviews(
        HttpContext http,
        ClaimReviewImporter importer,
        IdempotencyStore keys,
        IOptions<LimitsOptions> limits,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        [FromHeader(Name = Idempotency.Header), Description(
            "Any 1 to 200 visible ASCII characters, new for each import (a UUID will do): a retry with the same key and body " +
            "gets the first answer again instead of importing again.")] string? idempotencyKey,
        CancellationToken ct)
    {
        if (Idempotency.Read(idempotencyKey, http.Request.Headers[Idempotency.Header].Count, out var key) is { } badKey)
        {
            return badKey;
        }
        // The body is read here rather than bound, so the cap the binder would enforce is enforced here too.
        var maxBytes = limits.Value.MaxRequestBodyBytes;
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "The request body is too large.",
                    detail: $"Bodies may have at most {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
            }
            body.Write(chunk, 0, read);
        }
        if (body.Length == 0)
        {
            return Problems.Invalid("body", "is required.");
        }
        var document = ClaimReviewReader.Read(body.GetBuffer().AsMemory(0, (int)body.Length));
        if (document.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        }
        var actor = Actor.From(http.User);
        if (key is null)
        {
            var imported = await importer.ImportAsync(document.Reviews, actor, null, ct);
            return imported.Errors is { } refused
                ? TypedResults.ValidationProblem(refused, title: "The request is not valid.")
                : TypedResults.Ok(imported.Response!);
        }

        var scope = new IdempotencyScope("ImportClaimReviews", actor.KeyId ?? 0, key);
        using var lease = keys.TryBegin(scope);
        if (lease is null)
        {
            return Idempotency.Running();
        }
        var hash = Idempotency.Hex(SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)));
        if (await keys.FindAsync(scope, ct) is { Answered: true } record)
        {
            return record.BodyHash == hash ? Idempotency.Replay(http.Response, record) : Idempotency.OtherBody();
        }
        string? answer = null;
        // A refusal keeps nothing with the key, as a body refused before the import does not.
        var result = await importer.ImportAsync(document.Reviews, actor, async (c, tx, response) =>
        {
            answer = JsonSerializer.Serialize(response, json.Value.SerializerOptions);
            await keys.SaveAnswerAsync(c, tx, scope, hash, body.Length, StatusCodes.Status200OK, AnswerContentType, answer);
        }, ct);
        if (result.Errors is { } errorsFound)
        {
            return TypedResults.ValidationProblem(errorsFound, title: "The request is not valid.");
        }
        return TypedResults.Content(answer, AnswerContentType, Encoding.UTF8, StatusCodes.Status200OK);
    }

    private const string AnswerContentType = "application/json; charset=utf-8";
}
