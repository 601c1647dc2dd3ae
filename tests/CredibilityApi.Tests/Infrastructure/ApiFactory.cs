using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>
/// The real service over a real SQLite file of its own, deleted afterwards. Share one per test
/// class (IClassFixture) or make one per test; tests never rely on rows another test made.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly Dictionary<string, string?> settings = new(StringComparer.Ordinal);

    private readonly bool keepDatabase;

    public ApiFactory()
        : this(Path.Combine(Path.GetTempPath(), $"credibility-test-{Guid.NewGuid():N}.db"), keepDatabase: false)
    {
    }

    private ApiFactory(string databasePath, bool keepDatabase)
    {
        DatabasePath = databasePath;
        this.keepDatabase = keepDatabase;
        settings["ConnectionStrings:Credibility"] = $"Data Source={DatabasePath}";
        settings["CREDIBILITY_ADMIN_KEY"] = AdminKey;
    }

    public string DatabasePath { get; }

    /// <summary>A service over a database file that outlives it, as across a restart; the caller deletes the file.</summary>
    public static ApiFactory Over(string databasePath) => new(databasePath, keepDatabase: true);

    /// <summary>A fresh database path for tests that restart the service over one file.</summary>
    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"credibility-test-{Guid.NewGuid():N}.db");

    /// <summary>Deletes a database file and its WAL companions.</summary>
    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    /// <summary>
    /// What stops a service made by <paramref name="make"/> from starting. A setting read while the pipeline is
    /// built fails in the entry point, and the test host then at times reports only that its services were
    /// disposed (WebApplicationFactory's deferred host races the entry point's exit); that report is retried on a
    /// fresh service, so the failure asserted on is the service's own.
    /// </summary>
    public static Exception StartUpFailure(Func<ApiFactory> make)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var api = make();
            var failure = Assert.ThrowsAny<Exception>(() => api.CreateClient());
            if (failure is not ObjectDisposedException || attempt == 5)
            {
                return failure;
            }
        }
    }

    /// <summary>Overrides a configuration value; call before the first client is made.</summary>
    public ApiFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>A client without any key.</summary>
    public HttpClient Anonymous() => CreateClient();

    /// <summary>A client with the bootstrap admin key.</summary>
    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client holding a fresh key of the given role (reader, editor or admin).</summary>
    public async Task<HttpClient> WithRole(string role)
    {
        var response = await Admin().PostAsJsonAsync("/v1/api-keys", new { name = $"{role} for a test", role });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedKey>();
        return WithKey(created!.Key);
    }

    public Task<HttpClient> Editor() => WithRole("editor");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (keepDatabase)
        {
            SqliteConnection.ClearAllPools();
        }
        else
        {
            DeleteDatabase(DatabasePath);
        }
    }

    private sealed record CreatedKey(long Id, string Key);
}
