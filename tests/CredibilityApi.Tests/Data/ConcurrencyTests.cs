using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CredibilityApi.Tests.Data;

public sealed class ConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 64;
    private const int WritesPerClient = 200;

    private readonly ApiFactory api = new();

    public void Dispose() => api.Dispose();

    [Fact]
    public async Task SixtyFourClientsWritingAtOnceAreAllAcknowledgedAndAllReadable()
    {
        var editors = new HttpClient[Clients];
        for (var i = 0; i < Clients; i++)
        {
            editors[i] = await api.Editor();
        }
        var acknowledged = new ConcurrentDictionary<long, string>();
        var failures = new ConcurrentBag<string>();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(editors.Select((editor, client) => Task.Run(async () =>
        {
            for (var write = 0; write < WritesPerClient; write++)
            {
                var name = $"Concurrent source {client}-{write}";
                using var response = await editor.PostJson("/v1/sources", new { name, kind = "outlet" });
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                acknowledged[body.Id()] = name;
            }
        })));
        clock.Stop();
        output.WriteLine($"{Clients * WritesPerClient} writes in {clock.Elapsed.TotalSeconds:F1} s: {Clients * WritesPerClient / clock.Elapsed.TotalSeconds:F0} writes/s");

        Assert.Empty(failures);
        Assert.Equal(Clients * WritesPerClient, acknowledged.Count);

        var stored = new Dictionary<long, string>();
        string? cursor = null;
        do
        {
            var page = await (await editors[0].GetAsync($"/v1/sources?limit=500{(cursor is null ? "" : $"&cursor={cursor}")}"))
                .AssertJson(HttpStatusCode.OK);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                stored.Add(item.Id(), item.GetProperty("name").GetString()!);
            }
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(acknowledged.OrderBy(p => p.Key), stored.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task ConcurrentPatchesWithTheSameIfMatchLetExactlyOneWin()
    {
        const int Writers = 16;
        var editor = await api.Editor();
        var source = await Seed.Source(editor);
        var read = await editor.GetAsync($"/v1/sources/{source.Id()}");
        var etag = read.Headers.ETag!.ToString();
        var clients = new HttpClient[Writers];
        for (var i = 0; i < Writers; i++)
        {
            clients[i] = await api.Editor();
        }

        var responses = await Task.WhenAll(clients.Select((client, i) => Task.Run(() =>
            client.PatchJson($"/v1/sources/{source.Id()}", new { name = $"Renamed by writer {i}" }, etag))));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        foreach (var loser in responses.Except(winners))
        {
            await loser.AssertProblem(HttpStatusCode.PreconditionFailed);
        }
        var winner = await winners[0].AssertJson(HttpStatusCode.OK);
        var now = await (await editor.GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(winner.GetProperty("name").GetString(), now.GetProperty("name").GetString());
    }
}
