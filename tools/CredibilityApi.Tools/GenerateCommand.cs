using System.Globalization;
using CredibilityApi.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CredibilityApi.Tools;

/// <summary>
/// <c>CredibilityApi.Tools generate --claims 1000000 --seed 42 --database bench.db</c>: writes a
/// synthetic corpus into an empty database (migrated first) through the bulk path; with
/// <c>--speakers N [--parties N]</c>, the speaker-credibility corpus instead (<see cref="SpeakerCorpusWriter"/>).
/// <c>--postgres "Host=…;Username=…;Database=…"</c> writes into that (empty) PostgreSQL database instead of
/// an SQLite file, through the same bulk path, which copies rows in with binary COPY there.
/// </summary>
public static class GenerateCommand
{
    public static bool IsRequested(string[] args) => args is ["generate", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options(args[1..]);
        var claims = int.Parse(options.GetValueOrDefault("claims", "10000"), CultureInfo.InvariantCulture);
        var seed = int.Parse(options.GetValueOrDefault("seed", "42"), CultureInfo.InvariantCulture);
        var database = options.GetValueOrDefault("database", "credibility.db");

        using var db = options.TryGetValue("postgres", out var postgres)
            ? new Db(postgres, StorageProvider.Postgres)
            : new Db(new SqliteConnectionStringBuilder { DataSource = database }.ToString());
        database = db.DataSource;
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole());
        Migrator.Migrate(db, loggers.CreateLogger("Migrations"));
        var existing = await db.ReadAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT count(*) FROM claims";
            return (long)(await command.ExecuteScalarAsync())!;
        }, CancellationToken.None);
        if (existing > 0)
        {
            await Console.Error.WriteLineAsync($"{database} already holds {existing} claims; generate into an empty database.");
            return 2;
        }

        if (options.TryGetValue("speakers", out var speakers))
        {
            var corpus = new SpeakerCorpus(int.Parse(speakers, CultureInfo.InvariantCulture),
                int.Parse(options.GetValueOrDefault("parties", "8"), CultureInfo.InvariantCulture), seed);
            var written = await SpeakerCorpusWriter.WriteAsync(db, corpus, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"done: {written.Sources} sources, {written.Claims} statements, {written.Verdicts} verdicts (speaker corpus)"));
            return 0;
        }
        var totals = await new SyntheticCorpus(claims, seed).WriteAsync(db, Console.WriteLine, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done: {totals.Sources} sources, {totals.Articles} articles, {totals.Claims} claims, {totals.Relations} relations, " +
            $"{totals.Verdicts} verdicts in {totals.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        return options;
    }
}
