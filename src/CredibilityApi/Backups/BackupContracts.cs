using System.ComponentModel;

namespace CredibilityApi.Backups;

/// <summary>A backup just written: the file's name inside the backup folder, its size and when it was taken.</summary>
public sealed record BackupResponse(
    string File,
    long Bytes,
    DateTimeOffset CreatedAt,
    [property: Description("The space left on the backup folder's disk after this backup and the removal of older ones, in bytes.")] long FreeBytes,
    [property: Description("The older backups removed from the folder to keep the newest Backup:Keep, oldest first (often empty).")] IReadOnlyList<string> Removed);
