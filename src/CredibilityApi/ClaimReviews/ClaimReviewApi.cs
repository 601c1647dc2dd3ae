using System.ComponentModel;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.ClaimReviews;

public static class ClaimReviewApi
{
    public static IEndpointRouteBuilder MapClaimReviews(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("ClaimReview").WithValidation();

        group.MapGet("/claims/{id:long}/claimreview", GetClaimReview)
            .WithName("GetClaimReview")
            .WithSummary("A claim's latest verdict as schema.org ClaimReview JSON-LD")
            .WithDescription("404 when the claim does not exist or has no verdict yet.")
            .Reads(validates: false)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/exports/claimreview", ExportClaimReviews)
            .WithName("ExportClaimReviews")
            .WithSummary("Every claim with a verdict as ClaimReview JSON-LD, in a paged schema.org DataFeed")
            .WithDescription("Ordered by claim id; pass nextCursor as cursor for the next page.")
            .Reads();
        return routes;
    }

    private static async Task<Results<Ok<ClaimReview>, ProblemHttpResult>> GetClaimReview(
        [Description("The claim's id.")] long id, ClaimReviewStore store, HttpRequest request, CancellationToken ct)
    {
        if (await store.GetAsync(id, BaseUrl(request), ct) is not { } review)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Claim {id} does not exist or has no verdict.");
        }
        return TypedResults.Ok(review);
    }

    private static async Task<Ok<ClaimReviewFeed>> ExportClaimReviews(
        [AsParameters] ClaimReviewFeedQuery query, ClaimReviewStore store, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(await store.FeedAsync(query, BaseUrl(request), ct));

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
