using System.ComponentModel;
using System.Security.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Claims;

public static class ClaimsApi
{
    public static RouteGroupBuilder MapClaims(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/claims").WithTags("Claims").WithValidation();

        group.MapPost("/", CreateClaim)
            .WithName("CreateClaim")
            .WithSummary("Record a claim")
            .WithDescription("A statement with its speaker (the origin), the relays it passed through (via, origin side first), stance, subject and optional quantity.")
            .Writes();
        group.MapGet("/", ListClaims)
            .WithName("ListClaims")
            .WithSummary("List or search claims")
            .Reads();
        group.MapGet("/{id:long}", GetClaim)
            .WithName("GetClaim")
            .WithSummary("Read a claim with its attribution path and latest verdict")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", UpdateClaim)
            .WithName("UpdateClaim")
            .WithSummary("Change a claim")
            .WithDescription("Fields left out keep their value; via, when given, replaces the path. Send If-Match with the ETag you read.")
            .Writes()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }

    private static async Task<Created<ClaimResponse>> CreateClaim(
        CreateClaimRequest request, ClaimStore store, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var claim = await store.CreateAsync(request, Actor.From(user), ct);
        ETags.Set(response, claim.Version);
        return TypedResults.Created($"/v1/claims/{claim.Id}", claim);
    }

    private static async Task<Ok<Page<ClaimResponse>>> ListClaims(
        [AsParameters] ClaimListQuery query, ClaimStore store, BeliefEngine beliefs, CancellationToken ct)
    {
        var page = await store.ListAsync(query, ct);
        // One snapshot for the whole page: each belief is a look-up in the last computation, never a recomputation per row.
        var believed = beliefs.Current();
        return TypedResults.Ok(page with { Items = [.. page.Items.Select(c => c with { Belief = believed.Belief(c.Id, c.Status), BeliefsComputedAt = believed.AsOf })] });
    }

    private static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> GetClaim(
        [Description("The claim's id.")] long id, ClaimStore store, BeliefEngine beliefs, HttpResponse response, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } claim)
        {
            return Problems.NotFound("claim", id);
        }
        ETags.Set(response, claim.Version);
        var believed = beliefs.Current();
        return TypedResults.Ok(claim with { Belief = believed.Belief(id, claim.Status), BeliefsComputedAt = believed.AsOf });
    }

    private static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> UpdateClaim(
        [Description("The claim's id.")] long id,
        UpdateClaimRequest request,
        ClaimStore store,
        HttpContext http,
        CancellationToken ct)
    {
        var result = await store.UpdateAsync(id, request, v => ETags.IsStale(http.Request, v), Actor.From(http.User), ct);
        switch (result.Status)
        {
            case WriteStatus.Done:
                ETags.Set(http.Response, result.Value!.Version);
                return TypedResults.Ok(result.Value);
            case WriteStatus.Stale:
                return Problems.StaleETag("claim", id);
            case WriteStatus.Invalid:
                return InvalidAgainstStored(result.Field!, result.Reason!);
            default:
                return Problems.NotFound("claim", id);
        }
    }

    /// <summary>
    /// A validation problem only the stored claim reveals. It is sent as a plain problem result so
    /// the route declares the same responses as every other write (its 400 comes from Writes()).
    /// </summary>
    private static ProblemHttpResult InvalidAgainstStored(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
        });
}
