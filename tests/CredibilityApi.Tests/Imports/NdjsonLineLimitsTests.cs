using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Imports;

/// <summary>What one NDJSON line may hold, whatever its bytes look like and however they arrive.</summary>
public sealed class NdjsonLineLimitsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int MaxLineBytes = 1_048_576;

    [Fact]
    public async Task ALineRepeatingATopLevelKeyIsRejectedWithItsReasonAndTheRestGoesOn()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var response = await Import(editor,
            Line("source", "s", new { name = $"Before {tag}", kind = "outlet" }),
            $$$"""{"entity":"source","entity":"source","ref":"twice","data":{"name":"Twice {{{tag}}}","kind":"outlet"}}""",
            $$$"""{"entity":"source","ref":"inner","data":{"name":"Inner {{{tag}}}","name":"Again","kind":"outlet"}}""",
            Line("claim", "c", new { text = "A claim", speakerId = "s" }),
            // The key a verdict line moves out of data, given twice.
            """{"entity":"verdict","data":{"claimId":"c","claimId":"c","rating":"false","reviewer":"Desk"}}""",
            Line("source", "after", new { name = $"After {tag}", kind = "outlet" }));

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        var rejected = Rejected(body);
        Assert.Equal([2, 3, 5], rejected.Keys.Order().ToArray());
        Assert.Contains("'entity' more than once", rejected[2], StringComparison.Ordinal);
        Assert.Contains("'name' more than once", rejected[3], StringComparison.Ordinal);
        Assert.Contains("'claimId' more than once", rejected[5], StringComparison.Ordinal);
        Assert.Equal(["s", "c", "after"], body.GetProperty("refs").EnumerateArray().Select(r => r.GetProperty("ref").GetString()!).ToArray());
    }

    [Fact]
    public async Task LongRefsAreRejectedAndNoReasonQuotesMoreThanABitOfTheLine()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var huge = new string('r', 500_000);
        var response = await Import(editor,
            Line("source", new string('a', 200), new { name = $"Longest ref {tag}", kind = "outlet" }),
            Line("source", new string('b', 201), new { name = $"Too long a ref {tag}", kind = "outlet" }),
            Line("source", huge, new { name = $"Huge ref {tag}", kind = "outlet" }),
            Line("claim", null, new { text = "Names a huge ref", speakerId = huge }),
            Line("planet", null, new { name = huge }),
            $$$"""{"entity":"source","{{{huge}}}":1,"data":{}}""",
            $$$"""{"entity":"source","data":{"name":"x","kind":"outlet","{{{huge}}}":1}}""",
            Line("source", "dup", new { name = $"Dup {tag}", kind = "outlet" }),
            Line("claim", null, new { text = "Names a source as an article", speakerId = "dup", articleId = "dup" }));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 5_000, $"the answer holds {text.Length} characters");
        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = Rejected(body);
        Assert.Equal([2, 3, 4, 5, 6, 7, 9], rejected.Keys.Order().ToArray());
        Assert.Contains("at most 200 characters", rejected[2], StringComparison.Ordinal);
        Assert.Contains("at most 200 characters", rejected[3], StringComparison.Ordinal);
        Assert.Contains("data.speakerId", rejected[4], StringComparison.Ordinal);
        Assert.All(rejected.Values, reason => Assert.True(reason.Length <= 300, reason));
    }

    [Fact]
    public async Task ARequestGivesAtMostOneHundredThousandRefs()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var lines = Enumerable.Range(0, 100_001).Select(i => Line("source", $"s{i}", new { name = $"R{tag}{i}", kind = "outlet" })).ToList();
        lines.Add(Line("source", null, new { name = $"No ref {tag}", kind = "outlet" }));

        var body = await (await Import(editor, [.. lines])).AssertJson(HttpStatusCode.OK);

        Assert.Equal(100_001, body.GetProperty("accepted").GetInt32());
        Assert.Equal(100_000, body.GetProperty("refs").GetArrayLength());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(100_001, rejected.GetProperty("line").GetInt32());
        Assert.Contains("100000 refs", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4_093)]
    [InlineData(65_537)]
    public async Task TheLineLimitIsExactHoweverTheBytesArrive(int piece)
    {
        var tag = Guid.NewGuid().ToString("N");
        var body = new MemoryStream();
        void Add(string line, string end) => body.Write(Encoding.UTF8.GetBytes(line + end));
        Add(Padded($"Exact {tag}", MaxLineBytes), "\n");
        Add(Padded($"One over {tag}", MaxLineBytes + 1), "\n");
        Add(Padded($"Exact CRLF {tag}", MaxLineBytes), "\r\n");
        Add(Padded($"One over CRLF {tag}", MaxLineBytes + 1), "\r\n");
        Add(Padded($"Three MB {tag}", 3 * MaxLineBytes), "\n");
        Add(Line("source", "last", new { name = $"Last {tag}", kind = "outlet" }), "\n");
        Add(Padded($"Exact, unterminated {tag}", MaxLineBytes), "");

        // 0: the whole body in one piece, with its length; otherwise chunked, in pieces of odd sizes.
        HttpContent content = piece == 0 ? new ByteArrayContent(body.ToArray()) : new ChunkedContent(body.ToArray(), piece, 2 * piece + 1, 1);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/imports/ndjson") { Content = content };
        request.Headers.TransferEncodingChunked = piece != 0;
        var answer = await (await api.Streaming().SendAsync(request)).AssertJson(HttpStatusCode.OK);

        Assert.Equal(4, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(7, answer.GetProperty("committedLines").GetInt32());
        var rejected = Rejected(answer);
        Assert.Equal([2, 4, 5], rejected.Keys.Order().ToArray());
        Assert.All(rejected.Values, reason => Assert.Equal($"is longer than {MaxLineBytes} bytes.", reason));
        Assert.Equal("last", Assert.Single(answer.GetProperty("refs").EnumerateArray()).GetProperty("ref").GetString());
    }

    /// <summary>A valid source line of exactly <paramref name="bytes"/> bytes: JSON may end in spaces.</summary>
    private static string Padded(string name, int bytes)
    {
        var line = Line("source", null, new { name, kind = "outlet" });
        return line + new string(' ', bytes - Encoding.UTF8.GetByteCount(line));
    }

    private static Dictionary<int, string> Rejected(JsonElement body) =>
        body.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);

    private static Task<HttpResponseMessage> Import(HttpClient client, params string[] lines)
    {
        var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        return client.PostAsync("/v1/imports/ndjson", content);
    }

    private static string Line(string entity, string? name, object data) =>
        JsonSerializer.Serialize(new { entity, @ref = name, data }, HttpAssertions.Json);
}
