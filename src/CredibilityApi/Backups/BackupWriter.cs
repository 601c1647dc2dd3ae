using System.Globalization;
using CredibilityApi.Data;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Backups;

/// <summary>
/// Copies the live database with SQLite's online backup API into Backup:Directory (default
/// "backups", under the content root). The file name is made here, never taken from a caller.
/// </summary>
public sealed partial class BackupWriter(Db db, IConfiguration configuration, IHostEnvironment environment, ILogger<BackupWriter> logger)
{
    public string Directory { get; } = Path.GetFullPath(
        configuration["Backup:Directory"] is { Length: > 0 } folder ? folder : "backups", environment.ContentRootPath);

    public async Task<BackupResponse> BackUpAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var createdAt = DateTimeOffset.UtcNow;
        var name = string.Create(CultureInfo.InvariantCulture,
            $"credibility-{createdAt:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid():N}.db");
        var path = Path.Combine(Directory, name);

        // The backup API gives a consistent snapshot on its own; holding the write gate keeps
        // in-process writers from making it restart its copy over and over.
        await db.WhileWritesWaitAsync(source =>
        {
            using var target = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ConnectionString);
            target.Open();
            source.BackupDatabase(target);
            // One self-contained file: the copy needs no -wal or -shm beside it to be opened.
            using var journal = target.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode = DELETE;";
            journal.ExecuteNonQuery();
            return path;
        }, ct);

        var bytes = new FileInfo(path).Length;
        LogBackup(logger, name, bytes);
        return new BackupResponse(name, bytes, createdAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backed the database up to {File} ({Bytes} bytes).")]
    private static partial void LogBackup(ILogger logger, string file, long bytes);
}
