namespace CredibilityApi.Tests.Infrastructure;

/// <summary>
/// A test about SQLite's own machinery (backup files, the in-process write gate): skipped, with the
/// reason shown, when the run is against PostgreSQL (<see cref="TestStore"/>). Tag it
/// <c>[Trait("Store", "sqlite")]</c> as well, so CI's PostgreSQL run filters it out.
/// </summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestStore.IsPostgres)
        {
            Skip = "About SQLite only: the run is against PostgreSQL.";
        }
    }
}

/// <summary>
/// A test of what only a PostgreSQL store does: skipped, with the reason shown, in a run against
/// SQLite (plain <c>dotnet test</c>); CI runs it with <c>CREDIBILITY_TEST_PROVIDER=postgres</c>. Tag it
/// <c>[Trait("Store", "postgres")]</c> as well.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestStore.IsPostgres)
        {
            Skip = $"About PostgreSQL only: run with {TestStore.ProviderVariable}=postgres and {TestStore.ServerVariable}.";
        }
    }
}
