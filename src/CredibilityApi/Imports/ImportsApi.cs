using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

// The feature folder is Imports, as the style guide names it; no VB client consumes this assembly.
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming", "CA1716", Justification = "Feature folder name.", Scope = "namespace", Target = "~N:CredibilityApi.Imports")]

namespace CredibilityApi.Imports;

public static class ImportsApi
{
    public const string NdjsonMediaType = "application/x-ndjson";

    private const string JsonContentType = "application/json; charset=utf-8";
    private const string ProblemContentType = "application/problem+json";

    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportsOptions>()
            .BindConfiguration(ImportsOptions.Section)
            .Validate(options => options.MaxBodyBytes > 0, "Imports:MaxBodyBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddSingleton<NdjsonImporter>();
        services.AddSingleton<IdempotencyStore>();
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
                "reason (a line giving a key twice, at any level, is refused too), and lines naming its ref are refused too. " +
                $"A line may hold at most {NdjsonImporter.MaxLineBytes.ToString(CultureInfo.InvariantCulture)} bytes, its line break " +
                $"not counted; a ref at most {NdjsonImporter.MaxRefLength.ToString(CultureInfo.InvariantCulture)} characters, and " +
                $"a request at most {NdjsonImporter.MaxRefs.ToString(CultureInfo.InvariantCulture)} refs. Accepted lines are committed " +
                $"as the body streams in, in batches of {NdjsonImporter.BatchSize.ToString(CultureInfo.InvariantCulture)}, each batch " +
                "in one transaction with one audit entry (entity 'import', id the batch number, after the counts per entity): a " +
                "batch committed survives a crash, and a crash never leaves part of a line. So the request is not atomic, and " +
                "every answer says what was committed: the 200, and the problem of an import that stopped before the end of its " +
                "body (413 when the body passes the import's byte limit: the lines wholly inside it are imported; 503 when the " +
                "database failed mid-way) list the committed lines' ids by ref and committedLines (lines 1 to committedLines are " +
                "each committed or listed in rejected, nothing after them is stored); the problem adds stoppedAtLine. With an " +
                "Idempotency-Key, a retry stores nothing twice: an answered request's answer is replayed (with " +
                "Idempotency-Replayed: true), and an import cut off mid-way (the client went, or the 503) resumes after its " +
                "committed lines when the retry's body starts with the same bytes. The same key with another body is a 422, a key " +
                "whose request is still running a 409. Keys are kept 24 hours.")
            .AcceptsText("NdjsonImport", "Newline-delimited JSON: one { entity, ref, data } object per line.", NdjsonMediaType,
                maxBodyBytes, enforcedByEndpoint: true)
            .Writes()
            .Produces<ImportStoppedProblem>(StatusCodes.Status413PayloadTooLarge, ProblemContentType)
            .Produces<ImportStoppedProblem>(StatusCodes.Status503ServiceUnavailable, ProblemContentType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<Results<Ok<ImportResponse>, ValidationProblem, ProblemHttpResult, ContentHttpResult>> ImportNdjson(
        HttpContext http,
        NdjsonImporter importer,
        IdempotencyStore keys,
        IOptions<ImportsOptions> settings,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        [FromHeader(Name = Idempotency.Header), Description(
            "Any 1 to 200 visible ASCII characters, new for each import (a UUID will do): a retry with the same key and body " +
            "stores nothing twice.")] string? idempotencyKey,
        CancellationToken ct)
    {
        if (Idempotency.Read(idempotencyKey, http.Request.Headers[Idempotency.Header].Count, out var key) is { } badKey)
        {
            return badKey;
        }
        // The importer counts the body's bytes itself (the server does not), so a body passing the limit is answered
        // with what was committed; a body declaring a length over it is refused before anything is read.
        var maxBytes = settings.Value.MaxBodyBytes;
        var actor = Actor.From(http.User);
        var body = http.Request.BodyReader;
        if (http.Request.ContentLength > maxBytes)
        {
            return TypedResults.Problem(Stopped(http, new ImportOutcome(new ImportResponse(0, [], 0, 0, []), ImportStop.BodyTooLarge, 1), maxBytes));
        }
        if (key is null)
        {
            var outcome = await importer.ImportAsync(body, actor, maxBytes, null, ct);
            if (IsEmpty(outcome))
            {
                return Problems.Invalid("body", "holds no lines.");
            }
            return outcome.Stop is null ? TypedResults.Ok(outcome.Response) : TypedResults.Problem(Stopped(http, outcome, maxBytes));
        }

        var scope = new IdempotencyScope("ImportNdjson", actor.KeyId ?? 0, key);
        using var lease = keys.TryBegin(scope);
        if (lease is null)
        {
            return Idempotency.Running();
        }
        using var journal = new ImportJournal(keys, scope);
        if (await keys.FindAsync(scope, ct) is { } record)
        {
            // An answered import read its body to the end, unless the limit cut it off: then it read to the limit.
            if (!await journal.MatchesAsync(body, record, ct)
                || (record.Status is >= 200 and < 300 && !await ImportJournal.AtEndAsync(body, ct)))
            {
                return Idempotency.OtherBody();
            }
            if (record.Answered)
            {
                return Idempotency.Replay(http.Response, record);
            }
            await journal.ResumeAsync(record, ct);
        }
        var result = await importer.ImportAsync(body, actor, maxBytes, journal, ct);
        if (IsEmpty(result))
        {
            return Problems.Invalid("body", "holds no lines.");
        }
        var status = result.Stop switch
        {
            null => StatusCodes.Status200OK,
            ImportStop.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        var (contentType, text) = result.Stop is null
            ? (JsonContentType, JsonSerializer.Serialize(result.Response, json.Value.SerializerOptions))
            : (ProblemContentType, JsonSerializer.Serialize(Stopped(http, result, maxBytes), json.Value.SerializerOptions));
        // A stop the same body would meet again is kept as the answer; after a refused batch the retry resumes.
        if (result.Stop is not ImportStop.WriteRefused)
        {
            await keys.SaveAnswerAsync(scope, journal.Hash(), journal.Bytes, status, contentType, text);
        }
        return TypedResults.Content(text, contentType, System.Text.Encoding.UTF8, status);
    }

    private static bool IsEmpty(ImportOutcome outcome) =>
        outcome.Stop is null && outcome.Response.Accepted == 0 && outcome.Response.Rejected.Count == 0;

    /// <summary>The problem of an import that stopped before the end of its body, listing what was committed (ImportStoppedProblem).</summary>
    private static ProblemDetails Stopped(HttpContext http, ImportOutcome outcome, long maxBytes)
    {
        var response = outcome.Response;
        var problem = outcome.Stop == ImportStop.BodyTooLarge
            ? new ProblemDetails
            {
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = $"Import bodies may have at most {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes. " + (response.CommittedLines == 0
                    ? "Nothing was imported."
                    : $"The lines wholly inside the limit were imported: lines 1 to {response.CommittedLines.ToString(CultureInfo.InvariantCulture)} " +
                      "are each committed (ids in refs) or listed in rejected. Send the lines from stoppedAtLine on in another request."),
            }
            : new ProblemDetails
            {
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The import stopped: the database failed.",
                Detail = $"Lines 1 to {response.CommittedLines.ToString(CultureInfo.InvariantCulture)} are each committed (ids in " +
                    "refs) or listed in rejected; nothing after them was stored. " + (http.Request.Headers.ContainsKey(Idempotency.Header)
                    ? "Retry with the same Idempotency-Key to resume after them."
                    : "Send the lines from stoppedAtLine on in another request."),
            };
        problem.Instance = http.Request.Path;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        problem.Extensions["accepted"] = response.Accepted;
        problem.Extensions["rejected"] = response.Rejected;
        problem.Extensions["batches"] = response.Batches;
        problem.Extensions["committedLines"] = response.CommittedLines;
        problem.Extensions["stoppedAtLine"] = outcome.StoppedAtLine;
        problem.Extensions["refs"] = response.Refs;
        return problem;
    }
}

/// <summary>The <c>Imports</c> configuration section, checked at start-up.</summary>
public sealed class ImportsOptions
{
    public const string Section = "Imports";

    /// <summary>Imports stream far more than the 1 MB other bodies may hold.</summary>
    public long MaxBodyBytes { get; set; } = 256L * 1024 * 1024;
}
