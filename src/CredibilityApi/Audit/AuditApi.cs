using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Audit;

public static class AuditApi
{
    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/audit")
            .WithTags("Audit")
            .Administers();

        group.MapGet("/", ListAuditEntries)
            .WithName("ListAuditEntries")
            .WithSummary("Read the audit log, newest first")
            .WithDescription("Admins only. Every write, with the key that made it and the entity before and after.");
        return group;
    }

    private static async Task<Ok<Page<AuditEntryResponse>>> ListAuditEntries(
        [AsParameters] AuditQuery query, AuditLog audit, CancellationToken ct) =>
        TypedResults.Ok(await audit.ListAsync(query, ct));
}
