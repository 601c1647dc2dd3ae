using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Security;

/// <summary>
/// Walks every operation of the served OpenAPI document and checks who may call it, from the
/// role the document declares (<c>x-required-role</c>): no write is open to anonymous callers or
/// readers, no admin operation to editors.
/// </summary>
public sealed class AuthorizationWalkTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task EveryOperationRefusesCallersBelowItsRole()
    {
        var operations = await Operations();
        var reader = await api.WithRole("reader");
        var editor = await api.Editor();
        var refusals = new List<string>();

        foreach (var (method, path, role) in operations)
        {
            if (role is "editor" or "admin")
            {
                await Expect(refusals, api.Anonymous(), method, path, HttpStatusCode.Unauthorized, "anonymous");
                await Expect(refusals, reader, method, path, HttpStatusCode.Forbidden, "reader");
            }
            if (role == "admin")
            {
                await Expect(refusals, editor, method, path, HttpStatusCode.Forbidden, "editor");
            }
        }

        Assert.Empty(refusals);
        Assert.Contains(operations, o => o.Role == "admin");
        Assert.Contains(operations, o => o.Role == "editor");
        Assert.True(operations.Count(o => o.Method != "GET") >= 10, "the walk found too few writes to be meaningful");
    }

    [Fact]
    public async Task EveryWriteDeclaresEditorOrAdmin()
    {
        var writes = (await Operations()).Where(o => o.Method != "GET").ToList();

        Assert.All(writes, w => Assert.True(w.Role is "editor" or "admin", $"{w.Method} {w.Path} declares {w.Role ?? "no role"}"));
    }

    [Fact]
    public async Task ReadsNeedAKeyWhenReadsAreNotPublic()
    {
        using var closed = new ApiFactory().With("Auth:PublicReads", "false");
        var reads = (await Operations()).Where(o => o.Role == "reader").ToList();
        var refusals = new List<string>();

        foreach (var (method, path, _) in reads)
        {
            await Expect(refusals, closed.Anonymous(), method, path, HttpStatusCode.Unauthorized, "anonymous");
        }

        Assert.Empty(refusals);
        Assert.NotEmpty(reads);
    }

    /// <summary>
    /// The endpoints the document does not list: the probes stay open to everyone, the document
    /// and its docs follow Auth:PublicReads, and metrics are open only while reads are (admins otherwise).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EndpointsOutsideTheDocumentAnswerWhomTheirRulesName(bool publicReads)
    {
        using var service = new ApiFactory().With("Auth:PublicReads", publicReads ? "true" : "false");
        var reader = await service.WithRole("reader");
        var closed = publicReads ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
        var expected = new (string Path, HttpStatusCode Anonymous, HttpStatusCode Reader)[]
        {
            ("/healthz", HttpStatusCode.OK, HttpStatusCode.OK),
            ("/readyz", HttpStatusCode.OK, HttpStatusCode.OK),
            ("/openapi/v1.json", closed, HttpStatusCode.OK),
            // "/docs" redirects here, and a client drops the Authorization header on a redirect.
            ("/docs/", closed, HttpStatusCode.OK),
            ("/metrics", closed, publicReads ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
        };
        var wrong = new List<string>();

        foreach (var (path, anonymous, asReader) in expected)
        {
            foreach (var (who, client, status) in new[] { ("anonymous", service.Anonymous(), anonymous), ("reader", reader, asReader), ("admin", service.Admin(), HttpStatusCode.OK) })
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode != status)
                {
                    wrong.Add($"{who}: GET {path} answered {(int)response.StatusCode}, expected {(int)status}");
                }
                else if (status != HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    wrong.Add($"{who}: GET {path} answered {(int)status} without a problem document");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task ADeletedKeyStopsWorkingOnEveryWriteAtOnce()
    {
        var admin = api.Admin();
        var created = await (await admin.PostJson("/v1/api-keys", new { name = "short-lived", role = "admin" })).AssertJson(HttpStatusCode.Created);
        var client = api.WithKey(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/audit")).StatusCode);

        (await admin.Delete($"/v1/api-keys/{created.Id()}")).EnsureSuccessStatusCode();

        var refusals = new List<string>();
        foreach (var (method, path, role) in await Operations())
        {
            if (role is "editor" or "admin")
            {
                await Expect(refusals, client, method, path, HttpStatusCode.Unauthorized, "revoked key");
            }
        }
        Assert.Empty(refusals);
    }

    private async Task<List<(string Method, string Path, string? Role)>> Operations()
    {
        var document = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        return
        [
            .. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op =>
                (op.Key.ToUpperInvariant(), path.Key, op.Value!["x-required-role"]?.GetValue<string>()))),
        ];
    }

    private static async Task Expect(List<string> refusals, HttpClient client, string method, string template, HttpStatusCode expected, string who)
    {
        // Ids that may or may not exist: authorization must answer before anything looks them up.
        var path = System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", "1");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET" && method != "DELETE")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        if (response.StatusCode != expected)
        {
            refusals.Add($"{who}: {method} {path} answered {(int)response.StatusCode}, expected {(int)expected}");
        }
        else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            refusals.Add($"{who}: {method} {path} answered {(int)response.StatusCode} without a problem document");
        }
    }
}
