using System.ComponentModel;
using System.Security.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Relations;

public static class RelationsApi
{
    public static RouteGroupBuilder MapRelations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/relations").WithTags("Relations").WithValidation();

        group.MapPost("/", CreateRelation)
            .WithName("CreateRelation")
            .WithSummary("Relate two claims")
            .WithDescription("A typed, directed edge: the from claim denies, contradicts, refutes, supports or corroborates the to claim. No self-loops; the same triple only once (409).")
            .Writes()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListRelations)
            .WithName("ListRelations")
            .WithSummary("List relations, optionally those touching one claim")
            .Reads();
        group.MapGet("/{id:long}", GetRelation)
            .WithName("GetRelation")
            .WithSummary("Read a relation")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:long}", DeleteRelation)
            .WithName("DeleteRelation")
            .WithSummary("Delete a relation")
            .Writes()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }

    private static async Task<Results<Created<RelationResponse>, ProblemHttpResult>> CreateRelation(
        CreateRelationRequest request, RelationStore store, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var result = await store.CreateAsync(request, Actor.From(user), ct);
        if (result.Status != WriteStatus.Done)
        {
            return Problems.Conflict("These claims are already related this way.", result.Reason);
        }
        ETags.Set(response, RelationStore.Version);
        return TypedResults.Created($"/v1/relations/{result.Value!.Id}", result.Value);
    }

    private static async Task<Ok<Page<RelationResponse>>> ListRelations(
        [AsParameters] RelationListQuery query, RelationStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(query, ct));

    private static async Task<Results<Ok<RelationResponse>, ProblemHttpResult>> GetRelation(
        [Description("The relation's id.")] long id, RelationStore store, HttpResponse response, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } relation)
        {
            return Problems.NotFound("relation", id);
        }
        ETags.Set(response, RelationStore.Version);
        return TypedResults.Ok(relation);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRelation(
        [Description("The relation's id.")] long id, RelationStore store, HttpContext http, CancellationToken ct)
    {
        var result = await store.DeleteAsync(id, v => ETags.IsStale(http.Request, v), Actor.From(http.User), ct);
        return result.Status switch
        {
            WriteStatus.Done => TypedResults.NoContent(),
            WriteStatus.Stale => Problems.StaleETag("relation", id),
            _ => Problems.NotFound("relation", id),
        };
    }
}
