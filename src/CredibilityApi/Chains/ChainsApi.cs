using System.ComponentModel;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Chains;

public static class ChainsApi
{
    public static IEndpointRouteBuilder MapChains(this IEndpointRouteBuilder routes)
    {
        var claims = routes.MapGroup("/v1/claims/{id:long}").WithTags("Chains").WithValidation();
        claims.MapGet("/chain", GetClaimChain)
            .WithName("GetClaimChain")
            .WithSummary("The contradiction chain around a claim")
            .WithDescription("Relations walked in both directions up to depth (default 4, at most 8), never revisiting a claim on a path. Each claim is with or against the root by the parity of opposing relations on its paths; reachable with both, it is conflicted. Paths are walked shortest first within a budget; when a neighbourhood is too dense, truncated and completeDepth say where the walk stopped.")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapGet("/provenance", GetClaimProvenance)
            .WithName("GetClaimProvenance")
            .WithSummary("Who said it first and who relayed it")
            .WithDescription("The attribution path from the speaker through the relays to the article's publisher, each hop with its source and current credibility.")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapGet("/suggestions", GetClaimSuggestions)
            .WithName("GetClaimSuggestions")
            .WithSummary("Relations nobody recorded yet")
            .WithDescription("Claims on the same subject with the opposite stance, or a quantity of the same unit and period outside the tolerance, not yet related to this one; best first. Nothing is stored.")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGroup("/v1/contradictions").WithTags("Chains").WithValidation()
            .MapGet("/", ListContradictions)
            .WithName("ListContradictions")
            .WithSummary("Opposing relations, newest first")
            .WithDescription("Every denies, contradicts or refutes relation with both claims and their speakers. open: neither claim has a verdict yet.")
            .Reads();

        routes.MapGroup("/v1/subjects").WithTags("Chains").WithValidation()
            .MapGet("/{subject}", GetSubject)
            .WithName("GetSubject")
            .WithSummary("The competing claims on one subject")
            .WithDescription("Claims grouped by stance, and quantities of one unit grouped by value (values within the tolerance agree), largest group first, each with its sources and belief; for quantities, the estimate (the value believed most). Beliefs come from truth discovery over sources' credibility and carry computedAt.")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<ChainAnswer, ProblemHttpResult>> GetClaimChain(
        [Description("The root claim's id.")] long id, [AsParameters] ChainQuery query, ChainQueries store, CancellationToken ct) =>
        await store.GetChainAsync(id, query.Depth ?? ChainQuery.DefaultDepth, ct) is { } chain
            ? chain
            : Problems.NotFound("claim", id);

    private static async Task<Results<Ok<ProvenanceResponse>, ProblemHttpResult>> GetClaimProvenance(
        [Description("The claim's id.")] long id, ChainQueries store, CancellationToken ct) =>
        await store.GetProvenanceAsync(id, ct) is { } provenance
            ? TypedResults.Ok(provenance)
            : Problems.NotFound("claim", id);

    private static async Task<Results<Ok<SuggestionsResponse>, ProblemHttpResult>> GetClaimSuggestions(
        [Description("The claim's id.")] long id, [AsParameters] SubjectQuery query, ChainQueries store, CancellationToken ct) =>
        await store.GetSuggestionsAsync(id, query.Tolerance ?? SubjectQuery.DefaultTolerance, ct) is { } suggestions
            ? TypedResults.Ok(suggestions)
            : Problems.NotFound("claim", id);

    private static Task<ContradictionPage> ListContradictions(
        [AsParameters] ContradictionQuery query, ContradictionList list, CancellationToken ct) =>
        list.ListAsync(query, ct);

    private static async Task<Results<Ok<SubjectResponse>, ProblemHttpResult>> GetSubject(
        [Description("The subject key, e.g. iran-troops-in-syria.")] string subject,
        [AsParameters] SubjectQuery query,
        ChainQueries store,
        CancellationToken ct) =>
        await store.GetSubjectAsync(subject, query.Tolerance ?? SubjectQuery.DefaultTolerance, ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No claim is on the subject '{subject}'.");
}
