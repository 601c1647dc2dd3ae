using System.ComponentModel;
using System.Security.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Reads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Sources;

public static class SourcesApi
{
    public static RouteGroupBuilder MapSources(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/sources").WithTags("Sources").WithValidation();

        group.MapPost("/", CreateSource)
            .WithName("CreateSource")
            .WithSummary("Record a source")
            .WithDescription("An outlet, person, organization or anonymous source, with its aliases in any language.")
            .Writes();
        group.MapGet("/", ListSources)
            .WithName("ListSources")
            .WithSummary("List sources")
            .Reads();
        group.MapGet("/resolve", ResolveSource)
            .WithName("ResolveSource")
            .WithSummary("Find the sources a name may mean, Arabic-aware")
            .WithDescription("Looks the name up among every source's name and aliases, folded (case, accents, Arabic diacritics, tatweel, alef and hamza forms, ى/ي, ة/ه). Exact matches first, then matches once an attached prefix (و ب ل ف ال, e.g. لوكالة) is off the first word, then near spellings within about one edit per five letters (بلومبرغ finds بلومبيرغ). Each item names the alias that matched and a score.")
            .Reads();
        group.MapGet("/{id:long}", GetSource)
            .WithName("GetSource")
            .WithSummary("Read a source")
            .Reads()
            // No validator runs here; the published contract has listed a 400 for this operation from
            // its first version, and issue 15 changes no operation, so it is declared by hand.
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", UpdateSource)
            .WithName("UpdateSource")
            .WithSummary("Change a source")
            .WithDescription("Fields left out keep their value; aliases, when given, replace the list. Send If-Match with the ETag you read to avoid overwriting someone else's change.")
            .Writes()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:long}", DeleteSource)
            .WithName("DeleteSource")
            .WithSummary("Delete an unused source")
            .WithDescription("A source that claims, articles or citations still name is not deleted (409): nothing cascades.")
            .Writes()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }

    private static async Task<Created<SourceResponse>> CreateSource(
        CreateSourceRequest request, SourceStore store, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var source = await store.CreateAsync(request, Actor.From(user), ct);
        ETags.Set(response, source.Version);
        return TypedResults.Created($"/v1/sources/{source.Id}", source);
    }

    private static async Task<Ok<Page<SourceResponse>>> ListSources(
        [AsParameters] SourceListQuery query, SourceStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(query, ct));

    private static async Task<Ok<SourceResolution>> ResolveSource(
        [AsParameters] ResolveSourceQuery query, ReadModel model, CancellationToken ct) =>
        TypedResults.Ok(new SourceResolution(
            (await model.NamesAsync(ct)).Resolve(query.Name!, query.Limit ?? ResolveSourceQuery.DefaultLimit, near: true)));

    private static async Task<Results<Ok<SourceResponse>, ProblemHttpResult>> GetSource(
        [Description("The source's id.")] long id, SourceStore store, HttpResponse response, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } source)
        {
            return Problems.NotFound("source", id);
        }
        ETags.Set(response, source.Version);
        return TypedResults.Ok(source);
    }

    private static async Task<Results<Ok<SourceResponse>, ProblemHttpResult>> UpdateSource(
        [Description("The source's id.")] long id,
        UpdateSourceRequest request,
        SourceStore store,
        HttpContext http,
        CancellationToken ct)
    {
        var result = await store.UpdateAsync(id, request, v => ETags.IsStale(http.Request, v), Actor.From(http.User), ct);
        return result.Status switch
        {
            WriteStatus.Done => WithETag(http.Response, result.Value!),
            WriteStatus.Stale => Problems.StaleETag("source", id),
            WriteStatus.Invalid => InvalidAgainstStored(result.Field!, result.Reason!),
            _ => Problems.NotFound("source", id),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSource(
        [Description("The source's id.")] long id, SourceStore store, HttpContext http, CancellationToken ct)
    {
        var result = await store.DeleteAsync(id, v => ETags.IsStale(http.Request, v), Actor.From(http.User), ct);
        return result.Status switch
        {
            WriteStatus.Done => TypedResults.NoContent(),
            WriteStatus.Stale => Problems.StaleETag("source", id),
            WriteStatus.Conflict => Problems.Conflict($"Source {id} is still in use.", result.Reason),
            _ => Problems.NotFound("source", id),
        };
    }

    private static Ok<SourceResponse> WithETag(HttpResponse response, SourceResponse source)
    {
        ETags.Set(response, source.Version);
        return TypedResults.Ok(source);
    }

    /// <summary>
    /// A validation problem only the stored sources reveal (an affiliation cycle), sent as a plain problem
    /// result so the route declares the same responses as before (its 400 comes from Writes()).
    /// </summary>
    private static ProblemHttpResult InvalidAgainstStored(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
        });
}
