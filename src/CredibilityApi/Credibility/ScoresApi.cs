using System.ComponentModel;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Credibility;

public static class ScoresApi
{
    public static IServiceCollection AddCredibility(this IServiceCollection services)
    {
        services.AddOptions<CredibilityOptions>()
            .BindConfiguration(CredibilityOptions.Section)
            .Validate(CredibilityOptions.PriorsArePositive, "Credibility:PriorAlpha and Credibility:PriorBeta must be positive numbers.")
            .Validate(CredibilityOptions.MinEvidenceIsValid, "Credibility:MinEvidence must be zero or more.")
            .Validate(CredibilityOptions.HalfLifeIsValid, "Credibility:HalfLifeDays must be a positive number of days, or unset for no decay.")
            .Validate(CredibilityOptions.RelayDecayIsValid, "Credibility:RelayDecay must be in (0, 1].")
            .Validate(CredibilityOptions.PriorStrengthsArePositive, "Credibility:AffiliationPriorStrength and Credibility:TopicPriorStrength must be positive numbers.")
            .ValidateOnStart();
        // The engines take the checked values themselves: they are fixed for the life of the process.
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CredibilityOptions>>().Value);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CredibilityEngine>();
        services.AddSingleton<SharedBeliefs>();
        services.AddSingleton<BeliefEngine>();
        services.AddHostedService<BeliefWarmUp>();
        return services;
    }

    public static IEndpointRouteBuilder MapCredibility(this IEndpointRouteBuilder routes)
    {
        var sources = routes.MapGroup("/v1/sources/{id:long}/credibility").WithTags("Credibility").WithValidation();
        sources.MapGet("/", GetSourceCredibility)
            .WithName("GetSourceCredibility")
            .WithSummary("How reliable a source has been")
            .WithDescription("The posterior mean of Beta(α₀ + Σ w·t, β₀ + Σ w·(1 − t)) over the verdicts on every claim the source spoke (weight 1), relayed or published (each hop half the one before; after an anonymous speaker the first named source weighs 1), with its 95% credible interval, the evidence behind it, the ten contributions that moved it most, and the method. Below minEvidence the status is insufficient-evidence. A source with an affiliationId starts from Beta(m·K, (1 − m)·K) instead: m is the posterior mean of its affiliation's pooled record (the affiliation's own evidence and its direct members', this source's left out, under the affiliation's own prior, so chains nest) and K the method's affiliationPriorStrength; that prior is the first contribution (kind prior). With topic, the score on that topic: Beta(s·k + Σ w·t, (1 − s)·k + Σ w·(1 − t)) over the claims carrying it, s the overall score and k the method's topicPriorStrength, so a topic with little evidence stays near the overall score; its prior is the first contribution. topics lists the source's topics, each so scored.")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);
        sources.MapGet("/history", GetSourceCredibilityHistory)
            .WithName("GetSourceCredibilityHistory")
            .WithSummary("A source's score over time")
            .WithDescription("One point per month, quarter or year, from the bucket of the source's first rated claim to the current one: the score as it stood at each bucket's end, counting the verdicts reviewed before it.")
            .Reads()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGroup("/v1/credibility").WithTags("Credibility").WithValidation()
            .MapGet("/rankings", GetCredibilityRankings)
            .WithName("GetCredibilityRankings")
            .WithSummary("The leaderboard of sources")
            .WithDescription("Sources with at least minEvidence summed evidence weight, best first by the lower bound of their 95% interval, so a source with one good claim never outranks a long good record. affiliationId keeps the direct members of one affiliation; groupBy=affiliation adds groups: the ranked sources by affiliation, each with the affiliation's pooled score.")
            .Reads();
        return routes;
    }

    private static async Task<Results<Ok<SourceCredibilityResponse>, ProblemHttpResult>> GetSourceCredibility(
        [Description("The source's id.")] long id, [AsParameters] SourceCredibilityQuery query, CredibilityEngine engine, CancellationToken ct) =>
        await (query.Topic is { } topic ? engine.GetTopicAsync(id, Claims.ClaimTopics.Normalize(topic), ct) : engine.GetAsync(id, ct)) is { } credibility
            ? TypedResults.Ok(credibility)
            : Problems.NotFound("source", id);

    private static async Task<Results<Ok<CredibilityHistoryResponse>, ProblemHttpResult>> GetSourceCredibilityHistory(
        [Description("The source's id.")] long id, [AsParameters] CredibilityHistoryQuery query, CredibilityEngine engine, CancellationToken ct) =>
        await engine.GetHistoryAsync(id, query.Bucket is null ? HistoryBucket.Month : EnumText<HistoryBucket>.Parse(query.Bucket), ct) is { } history
            ? TypedResults.Ok(history)
            : Problems.NotFound("source", id);

    private static async Task<Ok<CredibilityRankingsResponse>> GetCredibilityRankings(
        [AsParameters] CredibilityRankingsQuery query, CredibilityEngine engine, CancellationToken ct) =>
        TypedResults.Ok(await engine.RankAsync(
            query.Kind is null ? null : EnumText<SourceKind>.Parse(query.Kind),
            query.MinEvidence,
            query.Limit ?? CredibilityRankingsQuery.DefaultLimit,
            query.AffiliationId,
            query.GroupBy is null ? null : EnumText<RankingGroupBy>.Parse(query.GroupBy),
            ct));
}
