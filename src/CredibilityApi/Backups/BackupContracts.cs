namespace CredibilityApi.Backups;

/// <summary>A backup just written: the file's name inside the backup folder, its size and when it was taken.</summary>
public sealed record BackupResponse(string File, long Bytes, DateTimeOffset CreatedAt);
