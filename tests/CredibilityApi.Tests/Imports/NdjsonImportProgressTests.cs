using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CredibilityApi.Imports;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Imports;

/// <summary>
/// Batches commit as the body streams in, so every answer says how far the import got: the 2xx and the
/// problem for a body cut off by the limit both list what was committed (committedLines, the ids by ref)
/// and, for the problem, where it stopped.
/// </summary>
public sealed class NdjsonImportProgressTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ALineThatFailsAfterABatchCommittedIsRejectedAndTheRestGoesOn()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var good = NdjsonImporter.BatchSize + 1;
        var lines = Enumerable.Range(0, good).Select(i => Source($"s{i}", $"Late {tag} {i}")).ToList();
        // A line that repeats a top-level key, after the first batch has committed.
        lines.Add($$$"""{"entity":"source","entity":"source","ref":"twice","data":{"name":"Twice {{{tag}}}","kind":"outlet"}}""");
        lines.Add(Source("after", $"After {tag}"));

        var response = await Import(editor, lines);

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(good + 1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(good + 2, body.GetProperty("committedLines").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(good + 1, rejected.GetProperty("line").GetInt32());
        Assert.Contains("'entity'", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var refs = body.GetProperty("refs").EnumerateArray().Select(r => r.GetProperty("ref").GetString()).ToHashSet();
        Assert.Equal(good + 1, refs.Count);
        Assert.Contains("after", refs);
        Assert.DoesNotContain("twice", refs);
    }

    [Fact]
    public async Task ABodyCutOffByTheLimitAnswersTooLargeListingWhatWasCommittedAndWhereItStopped()
    {
        const int limit = 400_000;
        using var small = new ApiFactory().With("Imports:MaxBodyBytes", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var editor = small.Streaming();
        var tag = Guid.NewGuid().ToString("N");
        var lines = Enumerable.Range(0, 2 * NdjsonImporter.BatchSize).Select(i => Source($"s{i}", $"Cut {tag} {i}")).ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        Assert.True(bytes.Length > limit);
        // The lines wholly inside the limit are settled; the one the limit cuts through is where it stopped.
        var inside = Encoding.UTF8.GetString(bytes, 0, limit).Count(c => c == '\n');

        using var content = new ChunkedContent(bytes, 8_191, 65_536);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/imports/ndjson") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await editor.SendAsync(request);

        var problem = await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(inside, problem.GetProperty("committedLines").GetInt32());
        Assert.Equal(inside + 1, problem.GetProperty("stoppedAtLine").GetInt32());
        Assert.Equal(inside, problem.GetProperty("accepted").GetInt32());
        var refs = problem.GetProperty("refs").EnumerateArray().ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());
        Assert.Equal(inside, refs.Count);
        var last = await (await editor.GetAsync($"/v1/sources/{refs[$"s{inside - 1}"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal($"Cut {tag} {inside - 1}", last.GetProperty("name").GetString());

        // Exactly the lines the answer lists were stored: the import's audit entries count them.
        var audit = await (await small.Admin().GetAsync("/v1/audit?entity=import&limit=500")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(inside, audit.GetProperty("items").EnumerateArray().Sum(e => e.GetProperty("after").GetProperty("lines").GetInt32()));
    }

    [Fact]
    public async Task ABodyDeclaringALengthOverTheLimitIsRefusedUnreadWithTheSameProblem()
    {
        using var small = new ApiFactory().With("Imports:MaxBodyBytes", "1000");
        var lines = Enumerable.Range(0, 100).Select(i => Source($"s{i}", $"Declared {i}"));

        var response = await Import(await small.Editor(), lines);

        var problem = await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, problem.GetProperty("committedLines").GetInt32());
        Assert.Equal(1, problem.GetProperty("stoppedAtLine").GetInt32());
        Assert.Empty(problem.GetProperty("refs").EnumerateArray());
        var audit = await (await small.Admin().GetAsync("/v1/audit?entity=import")).AssertJson(HttpStatusCode.OK);
        Assert.Empty(audit.GetProperty("items").EnumerateArray());
    }

    private static Task<HttpResponseMessage> Import(HttpClient client, IEnumerable<string> lines)
    {
        var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        return client.PostAsync("/v1/imports/ndjson", content);
    }

    private static string Source(string name, string sourceName) =>
        JsonSerializer.Serialize(new { entity = "source", @ref = name, data = new { name = sourceName, kind = "outlet" } }, HttpAssertions.Json);
}
