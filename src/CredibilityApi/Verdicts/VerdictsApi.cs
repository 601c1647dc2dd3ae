using System.ComponentModel;
using System.Security.Claims;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Verdicts;

public static class VerdictsApi
{
    public static RouteGroupBuilder MapVerdicts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/claims/{claimId:long}/verdicts").WithTags("Verdicts").WithValidation();

        group.MapPost("/", CreateVerdict)
            .WithName("CreateVerdict")
            .WithSummary("Rate a claim")
            .WithDescription("Verdicts are never edited: a new review is a new verdict, and the latest (by reviewedAt) sets the claim's status.")
            .Writes()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListVerdicts)
            .WithName("ListVerdicts")
            .WithSummary("List a claim's verdicts, newest first")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}", GetVerdict)
            .WithName("GetVerdict")
            .WithSummary("Read one verdict of a claim")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<VerdictResponse>, ProblemHttpResult>> CreateVerdict(
        [Description("The claim's id.")] long claimId,
        CreateVerdictRequest request,
        VerdictStore store,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (await store.CreateAsync(claimId, request, Actor.From(user), ct) is not { } verdict)
        {
            return Problems.NotFound("claim", claimId);
        }
        return TypedResults.Created($"/v1/claims/{claimId}/verdicts/{verdict.Id}", verdict);
    }

    private static async Task<Results<Ok<Page<VerdictResponse>>, ProblemHttpResult>> ListVerdicts(
        [Description("The claim's id.")] long claimId, [AsParameters] PageQuery query, VerdictStore store, CancellationToken ct) =>
        await store.ListAsync(claimId, query, ct) is { } page
            ? TypedResults.Ok(page)
            : Problems.NotFound("claim", claimId);

    private static async Task<Results<Ok<VerdictResponse>, ProblemHttpResult>> GetVerdict(
        [Description("The claim's id.")] long claimId,
        [Description("The verdict's id.")] long id,
        VerdictStore store,
        CancellationToken ct) =>
        await store.GetAsync(claimId, id, ct) is { } verdict
            ? TypedResults.Ok(verdict)
            : Problems.NotFound("verdict", id);
}
