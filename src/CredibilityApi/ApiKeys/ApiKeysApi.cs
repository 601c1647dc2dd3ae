using System.ComponentModel;
using System.Security.Claims;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.ApiKeys;

public static class ApiKeysApi
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        AdminKeyOptions.AddAdminKey(services);
        services.AddSingleton<ApiKeyStore>();
        return services;
    }

    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/api-keys")
            .WithTags("API keys")
            .Administers();

        group.MapPost("/", CreateApiKey)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key")
            .WithDescription("Admins only. The answer holds the secret, as `key`, this once; only its hash is stored.");
        group.MapGet("/", ListApiKeys)
            .WithName("ListApiKeys")
            .WithSummary("List the active API keys");
        group.MapDelete("/{id:long}", DeleteApiKey)
            .WithName("DeleteApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("The key stops working at once. Audit entries keep naming it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Created<CreatedApiKeyResponse>> CreateApiKey(
        CreateApiKeyRequest request, ApiKeyStore keys, ClaimsPrincipal user, CancellationToken ct)
    {
        var key = await keys.CreateAsync(request, Actor.From(user), ct);
        return TypedResults.Created($"/v1/api-keys/{key.Id}", key);
    }

    private static async Task<Ok<Page<ApiKeyResponse>>> ListApiKeys(
        [AsParameters] PageQuery query, ApiKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.ListAsync(query, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteApiKey(
        [Description("The key's id.")] long id, ApiKeyStore keys, ClaimsPrincipal user, CancellationToken ct) =>
        await keys.RevokeAsync(id, Actor.From(user), ct)
            ? TypedResults.NoContent()
            : Problems.NotFound("API key", id);
}
