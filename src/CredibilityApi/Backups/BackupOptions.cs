namespace CredibilityApi.Backups;

/// <summary>The <c>Backup</c> configuration section, checked at start-up.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Where backups go; relative paths are under the content root.</summary>
    public string Directory { get; set; } = "backups";

    /// <summary>How many of the service's backups stay in the folder; older ones are removed after each new one.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>The free space a new backup must leave on its disk, so the database can still grow.</summary>
    public long MinFreeBytes { get; set; } = 100L * 1024 * 1024;
}
