using System.Globalization;
using System.Text.RegularExpressions;
using CredibilityApi.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Backups;

/// <summary>What asking for a backup gave.</summary>
public abstract record BackupAttempt
{
    public sealed record Taken(BackupResponse Backup) : BackupAttempt;

    /// <summary>Another backup is running.</summary>
    public sealed record Busy : BackupAttempt;

    /// <summary>The copy would leave less than Backup:MinFreeBytes on the folder's disk; nothing was written.</summary>
    public sealed record NoRoom(long NeededBytes, long FreeBytes, long MinFreeBytes) : BackupAttempt;
}

/// <summary>
/// Copies the live database with SQLite's online backup API into Backup:Directory (default
/// "backups", under the content root), one copy at a time, and keeps the newest Backup:Keep of
/// them. The file name is made here, never taken from a caller; only files with such names are
/// ever removed, so whatever else the operator keeps in the folder stays.
/// </summary>
public sealed partial class BackupWriter(
    Db db, IOptions<BackupOptions> options, IHostEnvironment environment, ILogger<BackupWriter> logger) : IDisposable
{
    private readonly BackupOptions settings = options.Value;
    private readonly SemaphoreSlim running = new(1, 1);

    public string Directory { get; } = Path.GetFullPath(
        options.Value.Directory is { Length: > 0 } folder ? folder : "backups", environment.ContentRootPath);

    public void Dispose() => running.Dispose();

    public async Task<BackupAttempt> BackUpAsync(CancellationToken ct)
    {
        if (!await running.WaitAsync(TimeSpan.Zero, ct))
        {
            return new BackupAttempt.Busy();
        }
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            // The copy holds every page of the database as this snapshot sees it (WAL included).
            var needed = await db.ReadAsync(
                c => c.ExecuteScalarAsync<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"), ct);
            var free = FreeBytes();
            if (free - needed < settings.MinFreeBytes)
            {
                LogNoRoom(logger, needed, free, settings.MinFreeBytes);
                return new BackupAttempt.NoRoom(needed, free, settings.MinFreeBytes);
            }

            (string Name, long Bytes, DateTimeOffset CreatedAt) copy;
            try
            {
                copy = await CopyAsync(ct);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_FULL)
            {
                // The disk filled while copying (the estimate was short, or something else wrote):
                // the partial copy is gone, and the answer says so as a lack of room.
                LogNoRoom(logger, needed, FreeBytes(), settings.MinFreeBytes);
                return new BackupAttempt.NoRoom(needed, FreeBytes(), settings.MinFreeBytes);
            }
            var (name, bytes, createdAt) = copy;
            var removed = RemoveAllButNewest();
            LogBackup(logger, name, bytes, removed.Count);
            return new BackupAttempt.Taken(new BackupResponse(name, bytes, createdAt, FreeBytes(), removed));
        }
        finally
        {
            running.Release();
        }
    }

    private async Task<(string Name, long Bytes, DateTimeOffset CreatedAt)> CopyAsync(CancellationToken ct)
    {
        var createdAt = DateTimeOffset.UtcNow;
        var name = string.Create(CultureInfo.InvariantCulture,
            $"credibility-{createdAt:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid():N}.db");
        var path = Path.Combine(Directory, name);
        // Written under a name no rotation or restore counts as a backup, and given its real name
        // only once complete: a copy cut short (a full disk, a crash) never passes for the newest.
        var partial = path + ".partial";

        try
        {
            // The backup API gives a consistent snapshot on its own; holding the write gate keeps
            // in-process writers from making it restart its copy over and over.
            await db.WhileWritesWaitAsync(source =>
            {
                using var target = new SqliteConnection(new SqliteConnectionStringBuilder
                {
                    DataSource = partial,
                    Mode = SqliteOpenMode.ReadWriteCreate,
                    Pooling = false,
                }.ConnectionString);
                target.Open();
                source.BackupDatabase(target);
                // One self-contained file: the copy needs no -wal or -shm beside it to be opened.
                using var journal = target.CreateCommand();
                journal.CommandText = "PRAGMA journal_mode = DELETE;";
                journal.ExecuteNonQuery();
                return partial;
            }, ct);
            File.Move(partial, path);
        }
        finally
        {
            File.Delete(partial);
            File.Delete(partial + "-journal");
        }
        return (name, new FileInfo(path).Length, createdAt);
    }

    // Names sort by the time in them, so the newest are last.
    private List<string> RemoveAllButNewest()
    {
        var ours = System.IO.Directory.EnumerateFiles(Directory, "credibility-*.db")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => BackupName().IsMatch(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        var removed = new List<string>();
        foreach (var name in ours.Take(Math.Max(0, ours.Count - settings.Keep)))
        {
            try
            {
                File.Delete(Path.Combine(Directory, name));
                removed.Add(name);
            }
            catch (IOException e)
            {
                LogNotRemoved(logger, name, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                LogNotRemoved(logger, name, e.Message);
            }
        }
        return removed;
    }

    private long FreeBytes() => new DriveInfo(Directory).AvailableFreeSpace;

    [GeneratedRegex(@"^credibility-\d{8}T\d{9}Z-[0-9a-f]{32}\.db$", RegexOptions.CultureInvariant)]
    private static partial Regex BackupName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Backed the database up to {File} ({Bytes} bytes); removed {Removed} older backups.")]
    private static partial void LogBackup(ILogger logger, string file, long bytes, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A backup was refused: about {Needed} bytes needed, {Free} free, {MinFree} must stay free.")]
    private static partial void LogNoRoom(ILogger logger, long needed, long free, long minFree);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The old backup {File} could not be removed: {Reason}")]
    private static partial void LogNotRemoved(ILogger logger, string file, string reason);
}
