using System.Globalization;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Backups;

public static class BackupApi
{
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddOptions<BackupOptions>()
            .BindConfiguration(BackupOptions.Section)
            .Validate(options => options.Keep >= 1, "Backup:Keep must be at least 1.")
            .Validate(options => options.MinFreeBytes >= 0, "Backup:MinFreeBytes must be zero or more.")
            .ValidateOnStart();
        services.AddSingleton<BackupWriter>();
        return services;
    }

    public static RouteGroupBuilder MapBackups(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/admin")
            .WithTags("Admin")
            .Administers();

        group.MapPost("/backup", CreateBackup)
            .WithName("CreateBackup")
            .WithSummary("Take a consistent online backup of the database")
            .WithDescription(
                "Admins only. Copies the live database with SQLite's backup API into the server's backup folder (Backup:Directory) " +
                "while writes keep queueing; the file name is chosen by the service. After the copy, only the newest Backup:Keep " +
                "(default 7) of the service's backups stay in the folder; the answer names the ones removed and the disk's free space. " +
                "One backup runs at a time: another asked for meanwhile answers 409. A backup that would leave less than " +
                "Backup:MinFreeBytes (default 100 MiB) free on the folder's disk, estimated from the database's size, is refused " +
                "with 507 before anything is written; the problem carries neededBytes, freeBytes and minFreeBytes. Restore by " +
                "stopping the service and putting the file in place of the database. On PostgreSQL (Storage:Provider postgres) " +
                "backups are the database's own business (pg_dump, or base backups with WAL archiving): the endpoint answers 501 " +
                "with a problem saying so.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);
        return group;
    }

    private static async Task<Results<Created<BackupResponse>, ProblemHttpResult>> CreateBackup(
        BackupWriter backups, Db db, CancellationToken ct) =>
        db.IsPostgres
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status501NotImplemented,
                title: "Backups of a PostgreSQL store are taken with PostgreSQL's tools.",
                detail: $"This service stores its rows in PostgreSQL ({db.DataSource}): take a logical backup with pg_dump " +
                    "(pg_dump --format=custom --file=credibility.dump <database>, restored with pg_restore), or base backups " +
                    "with WAL archiving for point-in-time recovery. The README's \"Running on PostgreSQL\" says how.")
            : await backups.BackUpAsync(ct) switch
            {
                BackupAttempt.Taken taken => TypedResults.Created((string?)null, taken.Backup),
                BackupAttempt.NoRoom room => TypedResults.Problem(
                    statusCode: StatusCodes.Status507InsufficientStorage,
                    title: "The backup would leave too little free space on its disk.",
                    detail: string.Create(CultureInfo.InvariantCulture,
                        $"About {room.NeededBytes} bytes are needed and {room.FreeBytes} are free; at least {room.MinFreeBytes} must stay free (Backup:MinFreeBytes). Remove old backups, lower Backup:Keep or move Backup:Directory."),
                    extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["neededBytes"] = room.NeededBytes,
                        ["freeBytes"] = room.FreeBytes,
                        ["minFreeBytes"] = room.MinFreeBytes,
                    }),
                _ => Problems.Conflict("A backup is already running.", "Backups run one at a time; ask again when it has finished."),
            };
}
