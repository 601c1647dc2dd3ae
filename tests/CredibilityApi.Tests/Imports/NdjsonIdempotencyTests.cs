using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Imports;

/// <summary>An Idempotency-Key on the NDJSON import: a retry after a lost answer stores nothing twice.</summary>
public sealed class NdjsonIdempotencyTests
{
    private const string Import = "/v1/imports/ndjson";
    private const int BatchSize = 5_000;

    [Fact]
    public async Task ARetryOfAnImportCutOffMidwayResumesAfterTheCommittedLinesAndThenReplaysItsAnswer()
    {
        using var api = new ApiFactory();
        var editor = api.Streaming();
        var admin = api.Admin();
        var tag = Guid.NewGuid().ToString("N");
        var lines = new List<string> { Source("bad", "") };
        lines.AddRange(Enumerable.Range(0, BatchSize + 2_500).Select(i => Source($"s{i}", $"Resumed {tag} {i}")));
        // a line after the cut naming a row of the first attempt's batch
        lines.Add(JsonSerializer.Serialize(new { entity = "claim", @ref = "c", data = new { text = "Said once", speakerId = "s0" } }, HttpAssertions.Json));
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var key = Guid.NewGuid().ToString();

        // The first attempt sends 6,000 lines, waits for the first batch to commit, and then the connection drops.
        var sixThousand = Encoding.UTF8.GetBytes(string.Join("\n", lines.Take(6_000)) + "\n").Length;
        using (var drop = new CancellationTokenSource())
        using (var cut = new StagedContent(bytes, sixThousand, async () =>
        {
            await Batches(admin, 1);
            await drop.CancelAsync();
        }, abort: true))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Send(editor, cut, key, drop.Token));
        }
        Assert.Equal(BatchSize, await ImportedLines(admin));

        // Until the service notices the dropped connection, the key is still in use.
        var retry = await Send(editor, Ndjson(bytes), key);
        for (var i = 0; retry.StatusCode == HttpStatusCode.Conflict && i < 100; i++)
        {
            await Task.Delay(100);
            retry = await Send(editor, Ndjson(bytes), key);
        }
        var text = await retry.Content.ReadAsStringAsync();
        var answer = await retry.AssertJson(HttpStatusCode.OK);
        Assert.Equal(lines.Count - 1, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(lines.Count, answer.GetProperty("committedLines").GetInt32());
        Assert.Equal(1, Assert.Single(answer.GetProperty("rejected").EnumerateArray()).GetProperty("line").GetInt32());
        var ids = answer.GetProperty("refs").EnumerateArray().ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());
        Assert.Equal(lines.Count - 1, ids.Count);
        var claim = await (await editor.GetAsync($"/v1/claims/{ids["c"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ids["s0"], claim.GetProperty("speakerId").GetInt64());
        // Every accepted line was stored once: the batches of both attempts hold them all, and no more.
        Assert.Equal(lines.Count - 1, await ImportedLines(admin));

        var replay = await Send(editor, Ndjson(bytes), key);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotency-Replayed")));
        Assert.Equal(text, await replay.Content.ReadAsStringAsync());
        Assert.Equal(lines.Count - 1, await ImportedLines(admin));
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsRefusedAndStoresNothing()
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        var key = Guid.NewGuid().ToString();
        var first = Encoding.UTF8.GetBytes(Source("a", $"First {key}") + "\n");
        await (await Send(editor, Ndjson(first), key)).AssertJson(HttpStatusCode.OK);

        var other = await Send(editor, Ndjson(Encoding.UTF8.GetBytes(Source("a", $"Other {key}") + "\n")), key);
        var longer = await Send(editor, Ndjson([.. first, .. Encoding.UTF8.GetBytes(Source("b", $"More {key}") + "\n")]), key);

        foreach (var response in new[] { other, longer })
        {
            var problem = await response.AssertProblem(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(["Idempotency-Key"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray());
        }
        Assert.Equal(1, await ImportedLines(api.Admin()));
    }

    [Fact]
    public async Task AKeyWhoseRequestIsStillRunningGetsConflict()
    {
        using var api = new ApiFactory();
        var editor = api.Streaming();
        var admin = api.Admin();
        var key = Guid.NewGuid().ToString();
        var lines = Enumerable.Range(0, BatchSize + 10).Select(i => Source($"s{i}", $"Running {key} {i}")).ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var firstBatch = Encoding.UTF8.GetBytes(string.Join("\n", lines.Take(BatchSize + 1)) + "\n").Length;
        var release = new TaskCompletionSource();

        // The first request holds its body open after its first batch committed, until the second was answered.
        using var held = new StagedContent(bytes, firstBatch, async () =>
        {
            await Batches(admin, 1);
            await release.Task;
        }, abort: false);
        var running = Send(editor, held, key);
        await Batches(admin, 1);
        var second = await Send(editor, Ndjson(bytes), key);
        release.SetResult();

        await second.AssertProblem(HttpStatusCode.Conflict);
        var first = await (await running).AssertJson(HttpStatusCode.OK);
        Assert.Equal(lines.Count, first.GetProperty("accepted").GetInt32());
        Assert.Equal(lines.Count, await ImportedLines(admin));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    [InlineData("é-not-ascii")]
    [InlineData("201")]
    public async Task AMalformedKeyIsABadRequestNamingTheHeader(string key)
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        if (key == "201")
        {
            key = new string('k', 201);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, Import) { Content = Ndjson(Encoding.UTF8.GetBytes(Source("a", "Keyed") + "\n")) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await editor.SendAsync(request);

        await response.AssertValidationProblem("Idempotency-Key");
        Assert.Equal(0, await ImportedLines(api.Admin()));
    }

    [Fact]
    public async Task TwoKeysInOneRequestAreABadRequest()
    {
        using var api = new ApiFactory();
        var editor = await api.Editor();
        using var request = new HttpRequestMessage(HttpMethod.Post, Import) { Content = Ndjson(Encoding.UTF8.GetBytes(Source("a", "Twice keyed") + "\n")) };
        request.Headers.Add("Idempotency-Key", ["one", "two"]);

        var response = await editor.SendAsync(request);

        await response.AssertValidationProblem("Idempotency-Key");
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpContent content, string key, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Import) { Content = content };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.TransferEncodingChunked = content.Headers.ContentLength is null;
        return client.SendAsync(request, ct);
    }

    private static ByteArrayContent Ndjson(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return content;
    }

    private static string Source(string name, string sourceName) =>
        JsonSerializer.Serialize(new { entity = "source", @ref = name, data = new { name = sourceName, kind = "outlet" } }, HttpAssertions.Json);

    /// <summary>Waits until at least <paramref name="count"/> import batches have committed.</summary>
    private static async Task Batches(HttpClient admin, int count)
    {
        for (var i = 0; i < 600; i++)
        {
            var audit = await (await admin.GetAsync("/v1/audit?entity=import&limit=500")).AssertJson(HttpStatusCode.OK);
            if (audit.GetProperty("items").GetArrayLength() >= count)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"{count} import batches did not commit");
    }

    /// <summary>The lines every import batch committed, by their audit entries.</summary>
    private static async Task<int> ImportedLines(HttpClient admin)
    {
        var audit = await (await admin.GetAsync("/v1/audit?entity=import&limit=500")).AssertJson(HttpStatusCode.OK);
        return audit.GetProperty("items").EnumerateArray().Sum(e => e.GetProperty("after").GetProperty("lines").GetInt32());
    }

    /// <summary>
    /// Sends the first <paramref name="first"/> bytes, runs <paramref name="between"/>, then either drops the
    /// connection (<paramref name="abort"/>) or sends the rest.
    /// </summary>
    private sealed class StagedContent : HttpContent
    {
        private readonly byte[] body;
        private readonly int first;
        private readonly Func<Task> between;
        private readonly bool abort;

        public StagedContent(byte[] body, int first, Func<Task> between, bool abort)
        {
            (this.body, this.first, this.between, this.abort) = (body, first, between, abort);
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, first));
            await stream.FlushAsync();
            await between();
            if (abort)
            {
                throw new IOException("The connection dropped.");
            }
            await stream.WriteAsync(body.AsMemory(first));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
