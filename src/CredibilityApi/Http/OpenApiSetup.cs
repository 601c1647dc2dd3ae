using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredibilityApi.Http;

public static class OpenApiSetup
{
    private const string BearerScheme = "Bearer";

    // Shown beside each tag in /docs and in generated clients' documentation.
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Sources"] = "Outlets, people, organizations and anonymous sources, with their aliases in any language and an Arabic-aware name lookup.",
        ["Articles"] = "Published pages with the sources they cite and the claims they carry; a raw scraped page can be imported.",
        ["Claims"] = "Single statements as they appear in an article: speaker, relays (via), subject, stance, quantity; full-text search.",
        ["Relations"] = "Typed, directed edges between two claims: denies, contradicts, refutes (opposing) or supports, corroborates (agreeing).",
        ["Verdicts"] = "Fact-checkers' ratings of a claim; a claim's status follows its latest verdict.",
        ["Chains"] = "Read views over the claim graph: contradiction chains, attribution paths, open contradictions, subjects and suggested relations.",
        ["Credibility"] = "Scores derived from verdicts along attribution paths: per source, over time, and as a leaderboard.",
        ["API keys"] = "Admins create, list and revoke the keys that writes need.",
        ["Audit"] = "The append-only record of every write (admins).",
        ["Admin"] = "Operations on the running service (admins).",
        ["Imports"] = "Bulk NDJSON loads: per-line results, nothing half-written.",
        ["ClaimReview"] = "schema.org ClaimReview JSON-LD in and out.",
    };

    public static IServiceCollection AddCredibilityOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            // A stored snapshot of any entity is any JSON value: inline and untyped, not a schema named after a .NET type.
            options.CreateSchemaReferenceId = type =>
                (Nullable.GetUnderlyingType(type.Type) ?? type.Type) == typeof(JsonElement) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "CredibilityApi",
                    Version = "v1",
                    Description =
                        "Source-credibility tracking for fact-checkers: articles, the sources they cite, their claims, " +
                        "the relations between claims (denials, contradictions, support) and verdicts. Errors are RFC 9457 " +
                        "problem documents; validation problems carry an `errors` map keyed by camelCase field.",
                };
                // Relative: the host that serves this document, wherever it is deployed (and the same bytes at build time).
                document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
                foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
                {
                    if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                    {
                        tag.Description = description;
                    }
                }
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key: `Authorization: Bearer <key>`. Writes need an editor key, key management and the audit log an admin key.",
                };
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(Articles.ProposalExamples.Apply);
            options.AddSchemaTransformer(ClaimReviews.ClaimReviewExamples.Apply);
            // Enums travel as strings; say so, so generators make string enums.
            options.AddSchemaTransformer((schema, _, _) =>
            {
                if (schema.Enum is { Count: > 0 } && schema.Type is null)
                {
                    schema.Type = JsonSchemaType.String;
                }
                // A shared enum schema first met through a nullable property lists null among its
                // values; a string enum's values are strings (whether a property may be null is its own affair).
                if (schema.Enum is { Count: > 0 } values && schema.Type == JsonSchemaType.String)
                {
                    for (var i = values.Count - 1; i >= 0; i--)
                    {
                        if (values[i] is null || values[i]!.GetValueKind() == System.Text.Json.JsonValueKind.Null)
                        {
                            values.RemoveAt(i);
                        }
                    }
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var policies = context.Description.ActionDescriptor.EndpointMetadata
                    .OfType<IAuthorizeData>()
                    .Select(a => a.Policy)
                    .ToList();
                var role = policies.Contains(Policies.Admin) ? Roles.Admin
                    : policies.Contains(Policies.Write) ? Roles.Editor
                    : policies.Contains(Policies.Read) ? Roles.Reader
                    : null;
                if (role is not null)
                {
                    // The least role that may call the operation (reads are public unless Auth:PublicReads=false).
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions["x-required-role"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(role));
                }
                var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] };
                operation.Security = role switch
                {
                    Roles.Editor or Roles.Admin => [bearer],
                    // Reads are public by default (Auth:PublicReads): anonymous (the empty requirement) or any key.
                    Roles.Reader => [new OpenApiSecurityRequirement(), bearer],
                    _ => operation.Security,
                };
                // The abuse limits (RequestLimits) answer before any handler runs, on every route.
                if (context.Document is { } problems)
                {
                    operation.Responses ??= [];
                    operation.Responses.TryAdd("429", Problem(problems, "Too Many Requests: retry after the seconds in Retry-After"));
                    if (context.Description.HttpMethod is "POST" or "PUT" or "PATCH")
                    {
                        operation.Responses.TryAdd("413", Problem(problems, "Payload Too Large"));
                    }
                }
                // Handlers that read a text body themselves bind nothing the generator could see.
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<TextBodyMetadata>().FirstOrDefault() is { } text
                    && context.Document is { } document)
                {
                    document.AddComponent<IOpenApiSchema>(
                        text.SchemaName, new OpenApiSchema { Type = JsonSchemaType.String, Description = text.Description });
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [text.MediaType] = new() { Schema = new OpenApiSchemaReference(text.SchemaName, document) },
                        },
                    };
                }
                return Task.CompletedTask;
            });
        });

    private static OpenApiResponse Problem(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
        },
    };
}
