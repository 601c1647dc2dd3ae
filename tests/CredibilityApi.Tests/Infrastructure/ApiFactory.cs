using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>
/// The real service over a real database of its own (an SQLite file, or a PostgreSQL database when the
/// run is against PostgreSQL: <see cref="TestStore"/>), deleted afterwards. Share one per test
/// class (IClassFixture) or make one per test; tests never rely on rows another test made.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly Dictionary<string, string?> settings = new(StringComparer.Ordinal);

    private readonly bool keepDatabase;

    public ApiFactory()
        : this(TestStore.NewDatabase(), keepDatabase: false)
    {
    }

    private ApiFactory(string databasePath, bool keepDatabase)
    {
        DatabasePath = databasePath;
        this.keepDatabase = keepDatabase;
        settings["Storage:Provider"] = TestStore.Provider;
        settings["ConnectionStrings:Credibility"] = TestStore.ConnectionString(DatabasePath);
        settings["CREDIBILITY_ADMIN_KEY"] = AdminKey;
    }

    /// <summary>The service's database: the SQLite file's path, or the PostgreSQL database's name.</summary>
    public string DatabasePath { get; }

    /// <summary>A service over a database that outlives it, as across a restart; the caller deletes it.</summary>
    public static ApiFactory Over(string databasePath) => new(databasePath, keepDatabase: true);

    /// <summary>A fresh database for tests that restart the service over one store.</summary>
    public static string NewDatabasePath() => TestStore.NewDatabase();

    /// <summary>Deletes a database (an SQLite file and its WAL companions, or a PostgreSQL database).</summary>
    public static void DeleteDatabase(string path) => TestStore.Delete(path);

    /// <summary>An open connection to this service's database, to look at rows the API does not show.</summary>
    public System.Data.Common.DbConnection OpenDatabase() => TestStore.Open(DatabasePath);

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
            TestStore.Release();
        }
        else
        {
            DeleteDatabase(DatabasePath);
        }
    }

    private sealed record CreatedKey(long Id, string Key);
}
