namespace CredibilityApi.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The repository's root: the nearest folder above the test binaries holding CredibilityApi.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CredibilityApi.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CredibilityApi.sln not found above " + AppContext.BaseDirectory);
    }
}
