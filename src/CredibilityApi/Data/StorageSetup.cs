namespace CredibilityApi.Data;

public static class StorageSetup
{
    /// <summary>The configuration key naming the store: <c>sqlite</c> (the default) or <c>postgres</c>.</summary>
    public const string ProviderKey = "Storage:Provider";

    /// <summary>
    /// The store named by <c>Storage:Provider</c> over <c>ConnectionStrings:Credibility</c>: an SQLite
    /// file (<c>credibility.db</c> when none is named) or a PostgreSQL database, which must be named.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = ProviderOf(configuration[ProviderKey]);
        var connectionString = configuration.GetConnectionString("Credibility");
        if (provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ProviderKey} is postgres but ConnectionStrings:Credibility is not set: name the database, e.g. " +
                "\"Host=127.0.0.1;Port=5432;Username=credibility;Password=…;Database=credibility\".");
        }
        services.AddSingleton(_ => new Db(connectionString ?? "Data Source=credibility.db", provider));
        return services;
    }

    public static StorageProvider ProviderOf(string? name) =>
        name?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => StorageProvider.Sqlite,
            "postgres" or "postgresql" => StorageProvider.Postgres,
            _ => throw new InvalidOperationException($"{ProviderKey} is '{name}': it must be sqlite or postgres."),
        };
}
