using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace CredibilityApi.Http;

public static class OpenApiSetup
{
    private const string BearerScheme = "Bearer";

    public static IServiceCollection AddCredibilityOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
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
                document.Servers = [];
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
            // Enums travel as strings; say so, so generators make string enums.
            options.AddSchemaTransformer((schema, _, _) =>
            {
                if (schema.Enum is { Count: > 0 } && schema.Type is null)
                {
                    schema.Type = JsonSchemaType.String;
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
                if (role is Roles.Editor or Roles.Admin)
                {
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                    ];
                }
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
