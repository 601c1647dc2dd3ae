using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CredibilityApi.Articles;
using CredibilityApi.Audit;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Imports;
using CredibilityApi.Sources;
using FluentValidation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CredibilityApi.Tools;

/// <summary>
/// <c>CredibilityApi.Tools import-bench --claims 100000 --directory /tmp [--keyed]</c>: times the NDJSON importer
/// (parse, refs, validation, batched bulk writes, audit) on a generated body of claims with their
/// sources, and in the same run the same rows written straight through <see cref="RowWriter"/>
/// (prepared statements, one transaction per batch, no parsing or validation), each into a fresh
/// database. Both paths first run once untimed on as many rows (<c>--warmup</c> claims, 0 for
/// none), as in a service that has imported before: a fresh process runs the import code unjitted
/// and recompiles it as it goes (tiers, PGO), and a first run would time that as much as the
/// import. A tenth of the rows is not enough: the recompiling is still going on in the timed run.
/// <c>--keyed</c> imports as under an Idempotency-Key: the body hashed, each batch's progress recorded.
/// <c>--postgres "Host=…;Username=…;Database=postgres"</c> runs both on PostgreSQL instead, each in a fresh database
/// created on that server (and dropped after): the bulk writes go out with binary COPY.
/// </summary>
public static class ImportBenchCommand
{
    public static bool IsRequested(string[] args) => args is ["import-bench", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var claims = 100_000;
        int? warmup = null;
        var directory = Path.GetTempPath();
        var keyed = false;
        for (var i = 1; i < args.Length; i += 2)
        {
            if (args[i] == "--keyed")
            {
                keyed = true;
                i--;
                continue;
            }
            if (i + 1 >= args.Length)
            {
                await Console.Error.WriteLineAsync($"option {args[i]} needs a value");
                return 2;
            }
            switch (args[i])
            {
                case "--claims": claims = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--directory": directory = args[i + 1]; break;
                case "--postgres": postgresServer = args[i + 1]; break;
                default: await Console.Error.WriteLineAsync($"unknown option {args[i]}"); return 2;
            }
        }
        var (sources, claimRows) = Rows(claims);
        var body = Ndjson(sources, claimRows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{claims} claims, {sources.Count} sources, {body.Length / 1_048_576.0:F1} MB of NDJSON"));

        if ((warmup ?? claims) is > 0 and var warm)
        {
            var (warmSources, warmClaims) = Rows(warm);
            await TimeImportAsync(Path.Combine(directory, $"import-warmup-{Guid.NewGuid():N}.db"), Ndjson(warmSources, warmClaims), warm + warmSources.Count, keyed);
            await TimeRawAsync(Path.Combine(directory, $"raw-warmup-{Guid.NewGuid():N}.db"), warmSources, warmClaims);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warmed up on {warm} claims"));
        }
        var importSeconds = await TimeImportAsync(Path.Combine(directory, $"import-bench-{Guid.NewGuid():N}.db"), body, claims + sources.Count, keyed);
        var rawSeconds = await TimeRawAsync(Path.Combine(directory, $"raw-bench-{Guid.NewGuid():N}.db"), sources, claimRows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import: {importSeconds:F2} s, {claims / importSeconds:F0} claims/s ({(claims + sources.Count) / importSeconds:F0} lines/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"raw:    {rawSeconds:F2} s, {claims / rawSeconds:F0} claims/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import / raw rate: {rawSeconds / importSeconds:P0}"));
        return 0;
    }

    private static (List<CreateSourceRequest> Sources, List<(CreateClaimRequest Claim, int Speaker, int[] Via)> Claims) Rows(int claims)
    {
        var random = new Random(42);
        var sources = Enumerable.Range(0, Math.Max(2, claims / 10))
            .Select(i => new CreateSourceRequest($"Source {i}", i % 4 == 0 ? SourceKind.Person : SourceKind.Outlet))
            .ToList();
        var rows = new List<(CreateClaimRequest, int, int[])>(claims);
        for (var i = 0; i < claims; i++)
        {
            var speaker = random.Next(sources.Count);
            var via = Enumerable.Range(0, random.Next(3)).Select(_ => random.Next(sources.Count)).Where(v => v != speaker).Distinct().ToArray();
            rows.Add((new CreateClaimRequest(
                $"Claim {i}: {(i % 2 == 0 ? "Iran is pulling troops out of Syria" : "إيران تسحب قواتها من سوريا")}",
                null, i % 5 == 0 ? Stance.Denies : Stance.Asserts, i % 2 == 0 ? "en" : "ar", $"subject-{i / 8}"), speaker, via));
        }
        return (sources, rows);
    }

    private static byte[] Ndjson(List<CreateSourceRequest> sources, List<(CreateClaimRequest Claim, int Speaker, int[] Via)> claims)
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        Json.Configure(options);
        var text = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
        {
            text.Append(JsonSerializer.Serialize(new { entity = "source", @ref = $"s{i}", data = new { name = sources[i].Name, kind = sources[i].Kind } }, options)).Append('\n');
        }
        foreach (var (claim, speaker, via) in claims)
        {
            var data = new { text = claim.Text, speakerId = $"s{speaker}", stance = claim.Stance, language = claim.Language, subject = claim.Subject, via = via.Select(v => $"s{v}") };
            text.Append(JsonSerializer.Serialize(new { entity = "claim", data }, options)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<double> TimeImportAsync(string path, byte[] body, int lines, bool keyed)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_ => Open(path));
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => Json.Configure(o.SerializerOptions));
        services.AddValidatorsFromAssemblyContaining<NdjsonImporter>(ServiceLifetime.Singleton);
        services.AddSingleton<AuditLog>().AddSingleton<StoredReferences>();
        services.AddSingleton<NdjsonImporter>();
        await using var provider = services.BuildServiceProvider();
        Migrate(provider.GetRequiredService<Db>());
        var importer = provider.GetRequiredService<NdjsonImporter>();
        using var journal = keyed
            ? new ImportJournal(new IdempotencyStore(provider.GetRequiredService<Db>()), new IdempotencyScope("ImportNdjson", 0, "bench"))
            : null;

        var clock = Stopwatch.StartNew();
        var result = (await importer.ImportAsync(PipeReader.Create(new MemoryStream(body)), Actor.System, long.MaxValue, journal, CancellationToken.None)).Response;
        clock.Stop();
        if (result.Accepted != lines || result.Rejected.Count > 0)
        {
            throw new InvalidOperationException($"Import accepted {result.Accepted} of {lines}: {(result.Rejected.Count > 0 ? result.Rejected[0].Reason : "")}");
        }
        DeleteDatabase(path);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimeRawAsync(
        string path, List<CreateSourceRequest> sources, List<(CreateClaimRequest Claim, int Speaker, int[] Via)> claims)
    {
        using var db = Open(path);
        Migrate(db);
        var clock = Stopwatch.StartNew();
        var sourceIds = new long[sources.Count];
        for (var start = 0; start < sources.Count; start += NdjsonImporter.BatchSize)
        {
            var first = start;
            await db.WriteAsync((c, tx) =>
            {
                RowWriter.Bulk(c, tx, bulk =>
                {
                    for (var i = first; i < Math.Min(first + NdjsonImporter.BatchSize, sources.Count); i++)
                    {
                        sourceIds[i] = bulk.AddSource(sources[i]);
                    }
                });
                return Task.FromResult(0);
            }, CancellationToken.None);
        }
        for (var start = 0; start < claims.Count; start += NdjsonImporter.BatchSize)
        {
            var first = start;
            await db.WriteAsync((c, tx) =>
            {
                RowWriter.Bulk(c, tx, bulk =>
                {
                    for (var i = first; i < Math.Min(first + NdjsonImporter.BatchSize, claims.Count); i++)
                    {
                        var (claim, speaker, via) = claims[i];
                        bulk.AddClaim(claim with { SpeakerId = sourceIds[speaker], Via = [.. via.Select(v => sourceIds[v])] });
                    }
                });
                return Task.FromResult(0);
            }, CancellationToken.None);
        }
        clock.Stop();
        DeleteDatabase(path);
        return clock.Elapsed.TotalSeconds;
    }

    private static void Migrate(Db db)
    {
        using var loggers = LoggerFactory.Create(_ => { });
        Migrator.Migrate(db, loggers.CreateLogger("Migrations"));
    }

    /// <summary>With --postgres, the PostgreSQL server the benchmark's databases are created on.</summary>
    private static string? postgresServer;

    /// <summary>A fresh database named after <paramref name="path"/>: that SQLite file, or a PostgreSQL database.</summary>
    private static Db Open(string path)
    {
        if (postgresServer is null)
        {
            return new Db(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        }
        var name = PostgresName(path);
        using (var server = new Npgsql.NpgsqlConnection(postgresServer))
        {
            server.Open();
            using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", server);
            create.ExecuteNonQuery();
        }
        return new Db(new Npgsql.NpgsqlConnectionStringBuilder(postgresServer) { Database = name }.ConnectionString, StorageProvider.Postgres);
    }

    private static string PostgresName(string path) => "bench_" + Path.GetFileNameWithoutExtension(path).Replace('-', '_');

    private static void DeleteDatabase(string path)
    {
        if (postgresServer is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            using var server = new Npgsql.NpgsqlConnection(postgresServer);
            server.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {PostgresName(path)} WITH (FORCE)", server);
            drop.ExecuteNonQuery();
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
