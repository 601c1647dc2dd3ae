using System.Net;
using System.Text.Json;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Backups;

public sealed class BackupTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"credibility-backups-{Guid.NewGuid():N}");
    private readonly ApiFactory api;

    public BackupTests() => api = new ApiFactory().With("Backup:Directory", folder);

    public void Dispose()
    {
        api.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SqliteFact]
    [Trait("Store", "sqlite")]
    public async Task ABackupHoldsEverythingTheLiveDatabaseHolds()
    {
        var editor = await api.Editor();
        for (var i = 0; i < 20; i++)
        {
            var source = await Seed.Source(editor);
            await Seed.Claim(editor, source.Id());
        }

        var backup = await (await api.Admin().PostAsync("/v1/admin/backup", null)).AssertJson(HttpStatusCode.Created);

        var file = backup.GetProperty("file").GetString()!;
        var path = Path.Combine(folder, file);
        Assert.Equal(file, Path.GetFileName(file));
        Assert.Equal(new FileInfo(path).Length, backup.GetProperty("bytes").GetInt64());
        await using var copy = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await using var live = new SqliteConnection($"Data Source={api.DatabasePath};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        await live.OpenAsync();
        Assert.Equal("ok", await copy.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        var tables = (await live.QueryAsync<string>(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).ToList();
        Assert.Equal(tables, await copy.QueryAsync<string>(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
        Assert.Contains("audit_log", tables);
        foreach (var table in tables)
        {
            Assert.Equal(
                await live.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table}\""),
                await copy.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
        }
        const string sources = "SELECT id, name, kind, version FROM sources ORDER BY id";
        Assert.Equal(
            (await live.QueryAsync<(long, string, string, long)>(sources)).ToList(),
            (await copy.QueryAsync<(long, string, string, long)>(sources)).ToList());
        Assert.Equal(20, await copy.ExecuteScalarAsync<long>("SELECT count(*) FROM claims"));
    }

    [SqliteFact]
    [Trait("Store", "sqlite")]
    public async Task ABackupTakenWhileWritersRunIsConsistent()
    {
        var editor = await api.Editor();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var written = 0;
            while (!stop.IsCancellationRequested)
            {
                await Seed.Source(editor);
                written++;
            }
            return written;
        })).ToArray();
        await Task.Delay(200);

        var backup = await (await api.Admin().PostAsync("/v1/admin/backup", null)).AssertJson(HttpStatusCode.Created);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var path = Path.Combine(folder, backup.GetProperty("file").GetString()!);
        await using var copy = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        Assert.Equal("ok", await copy.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        // Every source in the copy was written with its audit entry, in one transaction.
        Assert.Equal(
            await copy.ExecuteScalarAsync<long>("SELECT count(*) FROM sources"),
            await copy.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity = 'source'"));
    }

    [PostgresFact]
    [Trait("Store", "postgres")]
    public async Task OnPostgreSqlABackupIsRefusedWithAProblemThatPointsToPgDump()
    {
        var editor = await api.Editor();
        await Seed.Source(editor);

        var response = await api.Admin().PostAsync("/v1/admin/backup", null);

        var problem = await response.AssertProblem(HttpStatusCode.NotImplemented);
        Assert.Contains("PostgreSQL", problem.GetProperty("title").GetString()!, StringComparison.Ordinal);
        Assert.Contains("pg_dump", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
        await (await editor.PostAsync("/v1/admin/backup", null)).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OnlyAdminsMayTakeBackups()
    {
        var editor = await api.Editor();

        await (await api.Anonymous().PostAsync("/v1/admin/backup", null)).AssertProblem(HttpStatusCode.Unauthorized);
        await (await editor.PostAsync("/v1/admin/backup", null)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
    }

    [SqliteFact]
    [Trait("Store", "sqlite")]
    public async Task OnlyTheNewestBackupsAreKeptAndOtherFilesAreLeftAlone()
    {
        using var keeping = new ApiFactory().With("Backup:Directory", folder).With("Backup:Keep", "2");
        Directory.CreateDirectory(folder);
        var others = new[] { "notes.txt", "before-upgrade.db" }.Select(name => Path.Combine(folder, name)).ToArray();
        foreach (var other in others)
        {
            await File.WriteAllTextAsync(other, "the operator's own file");
        }
        var admin = keeping.Admin();
        var taken = new List<JsonElement>();

        for (var i = 0; i < 4; i++)
        {
            taken.Add(await (await admin.PostAsync("/v1/admin/backup", null)).AssertJson(HttpStatusCode.Created));
        }

        var names = taken.Select(b => b.GetProperty("file").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(
            names[2..].Concat(others.Select(Path.GetFileName)).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([names[1]], taken[3].GetProperty("removed").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([names[0]], taken[2].GetProperty("removed").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(taken[1].GetProperty("removed").EnumerateArray());
        Assert.All(taken, b => Assert.True(b.GetProperty("freeBytes").GetInt64() > 0));
    }

    [SqliteFact]
    [Trait("Store", "sqlite")]
    public async Task ABackupAskedForWhileAnotherRunsIsRefusedWithConflict()
    {
        var admin = api.Admin();
        var db = api.Services.GetRequiredService<Db>();
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        // A write that holds the gate: the backup that gets to run waits behind it.
        var write = db.WriteAsync(async (_, _) =>
        {
            holding.SetResult();
            await release.Task;
            return 0;
        }, CancellationToken.None);
        await holding.Task;
        try
        {
            var first = admin.PostAsync("/v1/admin/backup", null);
            var second = admin.PostAsync("/v1/admin/backup", null);

            // One of them runs and waits for the write; the other must not queue behind it.
            var answered = await Task.WhenAny(first, second, Task.Delay(TimeSpan.FromMinutes(1)));
            Assert.True(answered == first || answered == second, "neither backup answered while the other was running");
            var refused = await (Task<HttpResponseMessage>)answered;
            var problem = await refused.AssertProblem(HttpStatusCode.Conflict);
            Assert.Contains("backup", problem.GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase);

            release.SetResult();
            await write;
            await (await (answered == first ? second : first)).AssertJson(HttpStatusCode.Created);
            Assert.Single(Directory.EnumerateFiles(folder));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [SqliteFact]
    [Trait("Store", "sqlite")]
    public async Task ABackupThatWouldLeaveTooLittleFreeSpaceIsRefused()
    {
        using var tight = new ApiFactory().With("Backup:Directory", folder).With("Backup:MinFreeBytes", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var problem = await (await tight.Admin().PostAsync("/v1/admin/backup", null)).AssertProblem(HttpStatusCode.InsufficientStorage);

        Assert.True(problem.GetProperty("freeBytes").GetInt64() > 0);
        Assert.True(problem.GetProperty("neededBytes").GetInt64() > 0);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
    }

    [Theory]
    [InlineData("Backup:Keep", "0")]
    [InlineData("Backup:Keep", "many")]
    [InlineData("Backup:MinFreeBytes", "-1")]
    public void ABackupSettingOutOfRangeStopsStartUp(string setting, string value)
    {
        var failure = ApiFactory.StartUpFailure(() => new ApiFactory().With(setting, value));

        Assert.Contains(setting.Split(':')[1], failure.ToString(), StringComparison.Ordinal);
    }
}
