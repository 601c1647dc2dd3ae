using System.Net;
using CredibilityApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

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

    [Fact]
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

    [Fact]
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

    [Fact]
    public async Task OnlyAdminsMayTakeBackups()
    {
        var editor = await api.Editor();

        await (await api.Anonymous().PostAsync("/v1/admin/backup", null)).AssertProblem(HttpStatusCode.Unauthorized);
        await (await editor.PostAsync("/v1/admin/backup", null)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
    }
}
