using System.Globalization;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

// The feature folder is Imports, as the style guide names it; no VB client consumes this assembly.
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming", "CA1716", Justification = "Feature folder name.", Scope = "namespace", Target = "~N:CredibilityApi.Imports")]

namespace CredibilityApi.Imports;

public static class ImportsApi
{
    public const string NdjsonMediaType = "application/x-ndjson";

    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportsOptions>()
            .BindConfiguration(ImportsOptions.Section)
            .Validate(options => options.MaxBodyBytes > 0, "Imports:MaxBodyBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddSingleton<NdjsonImporter>();
        return services;
    }

    public static RouteGroupBuilder MapImports(this IEndpointRouteBuilder routes)
    {
        var maxBodyBytes = routes.ServiceProvider.GetRequiredService<IOptions<ImportsOptions>>().Value.MaxBodyBytes;
        var group = routes.MapGroup("/v1/imports").WithTags("Imports");

        group.MapPost("/ndjson", ImportNdjson)
            .WithName("ImportNdjson")
            .WithSummary("Bulk-load sources, articles, claims, relations and verdicts from NDJSON, line by line")
            .WithDescription(
                "Send application/x-ndjson: one JSON object per line, {\"entity\": \"source\"|\"article\"|\"claim\"|\"relation\"|\"verdict\", " +
                "\"ref\": \"...\", \"data\": {...}} where data is the body that entity's POST takes (a verdict's data also holds " +
                "claimId). Inside data, any id field and any via entry may be the ref of an earlier accepted line instead of an id. " +
                "Each line is validated as its POST would be; a refused line writes nothing and is listed with its line number and " +
                "reason, and lines naming its ref are refused too. Accepted lines are committed in batches of " +
                $"{NdjsonImporter.BatchSize.ToString(CultureInfo.InvariantCulture)}, each batch in one transaction with one audit " +
                "entry (entity 'import', id the batch number, after the counts per entity): a batch answered as committed survives " +
                "a crash, and a crash never leaves part of a line. Lines may hold at most 1 MB each.")
            .AcceptsText("NdjsonImport", "Newline-delimited JSON: one { entity, ref, data } object per line.", NdjsonMediaType, maxBodyBytes)
            .Writes();
        return group;
    }

    private static async Task<Results<Ok<ImportResponse>, ValidationProblem, ProblemHttpResult>> ImportNdjson(
        HttpContext http, NdjsonImporter importer, CancellationToken ct)
    {
        var result = await importer.ImportAsync(http.Request.BodyReader, Actor.From(http.User), ct);
        if (result.Accepted == 0 && result.Rejected.Count == 0)
        {
            return Problems.Invalid("body", "holds no lines.");
        }
        return TypedResults.Ok(result);
    }
}

/// <summary>The <c>Imports</c> configuration section, checked at start-up.</summary>
public sealed class ImportsOptions
{
    public const string Section = "Imports";

    /// <summary>Imports stream far more than the 1 MB other bodies may hold.</summary>
    public long MaxBodyBytes { get; set; } = 256L * 1024 * 1024;
}
