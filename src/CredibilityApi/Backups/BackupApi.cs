using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Backups;

public static class BackupApi
{
    public static RouteGroupBuilder MapBackups(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/admin")
            .WithTags("Admin")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/backup", CreateBackup)
            .WithName("CreateBackup")
            .WithSummary("Take a consistent online backup of the database")
            .WithDescription("Admins only. Copies the live database with SQLite's backup API into the server's backup folder (Backup:Directory) while writes keep queueing; the file name is chosen by the service. Restore by stopping the service and putting the file in place of the database.");
        return group;
    }

    private static async Task<Created<BackupResponse>> CreateBackup(BackupWriter backups, CancellationToken ct) =>
        TypedResults.Created((string?)null, await backups.BackUpAsync(ct));
}
