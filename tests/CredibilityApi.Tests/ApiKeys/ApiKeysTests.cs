using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CredibilityApi.Tests.Http;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.ApiKeys;

public sealed class ApiKeysTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>Every write the service maps; <see cref="EveryMappedWriteIsCoveredByTheAnonymousWriteTest"/> keeps it complete.</summary>
    public static TheoryData<string, string> Writes { get; } = new()
    {
        { "POST", "/v1/sources" },
        { "PATCH", "/v1/sources/1" },
        { "DELETE", "/v1/sources/1" },
        { "POST", "/v1/articles" },
        { "POST", "/v1/articles/import" },
        { "POST", "/v1/articles/1/claims" },
        { "POST", "/v1/claims" },
        { "PATCH", "/v1/claims/1" },
        { "POST", "/v1/relations" },
        { "DELETE", "/v1/relations/1" },
        { "POST", "/v1/claims/1/verdicts" },
        { "POST", "/v1/api-keys" },
        { "DELETE", "/v1/api-keys/1" },
        { "POST", "/v1/admin/backup" },
        { "POST", "/v1/imports/ndjson" },
        { "POST", "/v1/imports/claimreview" },
    };

    [Theory]
    [InlineData("reader")]
    [InlineData("editor")]
    [InlineData("admin")]
    public async Task AdminCreatesKeyOfEachRoleAndSeesItsSecretOnlyOnce(string role)
    {
        var name = $"{role} key {Guid.NewGuid():N}";

        var response = await api.Admin().PostJson("/v1/api-keys", new { name, role });

        var created = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal($"/v1/api-keys/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal(role, created.GetProperty("role").GetString());
        var secret = created.GetProperty("key").GetString()!;
        var prefix = created.GetProperty("prefix").GetString()!;
        Assert.True(secret.Length >= 32, $"The secret '{secret}' is too short to be unguessable.");
        Assert.StartsWith(prefix, secret, StringComparison.Ordinal);
        Assert.NotEqual(secret, prefix);

        var listResponse = await api.Admin().GetAsync("/v1/api-keys?limit=500");
        var listBody = await listResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, listResponse.StatusCode);
        Assert.DoesNotContain(secret, listBody, StringComparison.Ordinal);
        var listed = Assert.Single(await TestKeys.ListAll(api.Admin()), k => k.Id() == created.Id());
        Assert.Equal(
            ["createdAt", "id", "name", "prefix", "role"],
            listed.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(role, listed.GetProperty("role").GetString());
        Assert.Equal(prefix, listed.GetProperty("prefix").GetString());
    }

    [Fact]
    public async Task ListingKeysPagesThroughEveryKeyOnceInOrder()
    {
        var made = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            made.Add((await TestKeys.Create(api, "reader")).Id);
        }

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var url = "/v1/api-keys?limit=1" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await api.Admin().GetAsync(url)).AssertJson(HttpStatusCode.OK);
            Assert.True(page.GetProperty("items").GetArrayLength() <= 1);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(k => k.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(seen.Count <= 1000, "Paging did not stop.");
        }
        while (cursor is not null);

        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Distinct(), seen);
        Assert.Subset(seen.ToHashSet(), made.ToHashSet());
    }

    [Theory]
    [InlineData("reader", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("editor", HttpStatusCode.OK, HttpStatusCode.Created)]
    [InlineData("admin", HttpStatusCode.OK, HttpStatusCode.Created)]
    public async Task NewKeyWorksAtOnceWithItsRole(string role, HttpStatusCode read, HttpStatusCode write)
    {
        var key = await TestKeys.Create(api, role);

        Assert.Equal(read, (await key.Client.GetAsync("/v1/sources")).StatusCode);
        Assert.Equal(write, (await key.Client.PostJson("/v1/sources", new { name = $"By {role} {Guid.NewGuid():N}", kind = "outlet" })).StatusCode);
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("reader")]
    public async Task NonAdminKeysCannotManageKeys(string role)
    {
        var key = await TestKeys.Create(api, role);
        var victim = await TestKeys.Create(api, "reader");

        await (await key.Client.PostJson("/v1/api-keys", new { name = "sneaky", role = "admin" })).AssertProblem(HttpStatusCode.Forbidden);
        await (await key.Client.GetAsync("/v1/api-keys")).AssertProblem(HttpStatusCode.Forbidden);
        await (await key.Client.Delete($"/v1/api-keys/{victim.Id}")).AssertProblem(HttpStatusCode.Forbidden);

        var keys = await TestKeys.ListAll(api.Admin());
        Assert.Contains(keys, k => k.Id() == victim.Id);
        Assert.DoesNotContain(keys, k => k.GetProperty("name").GetString() == "sneaky");
        Assert.Equal(HttpStatusCode.OK, (await victim.Client.GetAsync("/v1/sources")).StatusCode);
    }

    [Fact]
    public async Task AnonymousCannotManageKeys()
    {
        var victim = await TestKeys.Create(api, "reader");
        var anonymous = api.Anonymous();

        await AssertUnauthorized(await anonymous.PostJson("/v1/api-keys", new { name = "sneaky", role = "admin" }));
        await AssertUnauthorized(await anonymous.GetAsync("/v1/api-keys"));
        await AssertUnauthorized(await anonymous.Delete($"/v1/api-keys/{victim.Id}"));

        Assert.Contains(await TestKeys.ListAll(api.Admin()), k => k.Id() == victim.Id);
    }

    [Fact]
    public async Task ReaderKeyCanReadButNotWrite()
    {
        var reader = await TestKeys.Create(api, "reader");
        var source = await Seed.Source(await api.Editor());
        var name = $"Reader's source {Guid.NewGuid():N}";

        await (await reader.Client.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        await (await reader.Client.GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
        await (await reader.Client.PostJson("/v1/sources", new { name, kind = "outlet" })).AssertProblem(HttpStatusCode.Forbidden);
        await (await reader.Client.PatchJson($"/v1/sources/{source.Id()}", new { name })).AssertProblem(HttpStatusCode.Forbidden);
        await (await reader.Client.Delete($"/v1/sources/{source.Id()}")).AssertProblem(HttpStatusCode.Forbidden);

        var page = await (await api.Anonymous().GetAsync($"/v1/sources?q={Uri.EscapeDataString(name)}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        var read = await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(source.GetRawText(), read.GetRawText());
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task AnonymousWriteIsUnauthorized(string method, string path)
    {
        var response = await api.Anonymous().SendRaw(new HttpMethod(method), path, """{"name":"x"}""");

        await AssertUnauthorized(response);
    }

    [Fact]
    public void EveryMappedWriteIsCoveredByTheAnonymousWriteTest()
    {
        var covered = Writes.Select(row => $"{row[0]} {Template((string)row[1])}").ToHashSet(StringComparer.Ordinal);

        var mapped = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Endpoint: e)))
            .Where(p => p.Method is not ("GET" or "HEAD" or "OPTIONS"))
            .Select(p => $"{p.Method} {Template(p.Endpoint.RoutePattern.RawText!)}")
            .ToList();

        Assert.Contains($"POST {Template("/v1/sources")}", mapped);
        Assert.All(mapped, write => Assert.Contains(write, covered));
    }

    [Theory]
    [InlineData("Bearer cred_this-key-was-never-issued-0123456789abcdefghij")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("test-admin-key-0123456789abcdef")]
    public async Task UnknownOrMalformedKeyOnWriteIsUnauthorized(string authorization)
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.PostJson("/v1/sources", new { name = $"Intruder {Guid.NewGuid():N}", kind = "outlet" });

        await AssertUnauthorized(response);
    }

    [Fact]
    public async Task DeletingKeyRevokesItAtOnce()
    {
        var key = await TestKeys.Create(api, "editor");
        await (await key.Client.PostJson("/v1/sources", new { name = $"Before {Guid.NewGuid():N}", kind = "outlet" }))
            .AssertJson(HttpStatusCode.Created);

        var response = await api.Admin().Delete($"/v1/api-keys/{key.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertUnauthorized(await key.Client.PostJson("/v1/sources", new { name = $"After {Guid.NewGuid():N}", kind = "outlet" }));
        Assert.DoesNotContain(await TestKeys.ListAll(api.Admin()), k => k.Id() == key.Id);
        await (await api.Admin().Delete($"/v1/api-keys/{key.Id}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingUnknownKeyReturnsNotFound()
    {
        var response = await api.Admin().Delete("/v1/api-keys/987654321");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"role":"editor"}""", "name")]
    [InlineData("""{"name":"   ","role":"editor"}""", "name")]
    [InlineData("""{"name":"dashboard"}""", "role")]
    [InlineData("""{"name":"dashboard","role":"root"}""", "role")]
    [InlineData("""{}""", "name", "role")]
    public async Task CreatingInvalidKeyNamesTheFields(string body, params string[] fields)
    {
        var response = await api.Admin().SendRaw(HttpMethod.Post, "/v1/api-keys", body);

        await response.AssertValidationProblem(fields);
    }

    [Fact]
    public async Task KeysAreStoredOnlyAsHashes()
    {
        var key = await TestKeys.Create(api, "editor");

        await using var connection = api.OpenDatabase();
        foreach (var table in new[] { "api_keys", "audit_log" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            var keyRowSeen = false;
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    Assert.DoesNotContain(key.Secret, value, StringComparison.Ordinal);
                    keyRowSeen |= table == "api_keys" && reader.GetName(i) == "id" && reader.GetInt64(i) == key.Id;
                }
            }
            Assert.True(rows > 0, $"{table} is empty: nothing was checked.");
            Assert.True(table != "api_keys" || keyRowSeen, "The new key has no row in api_keys.");
        }
    }

    [Fact]
    public async Task WithoutPublicReadsAnonymousReadsNeedAKey()
    {
        using var closed = new ApiFactory().With("Auth:PublicReads", "false");
        var source = await Seed.Source(await closed.Editor());
        var reader = await TestKeys.Create(closed, "reader");

        await AssertUnauthorized(await closed.Anonymous().GetAsync("/v1/sources"));
        await AssertUnauthorized(await closed.Anonymous().GetAsync($"/v1/sources/{source.Id()}"));

        var page = await (await reader.Client.GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        Assert.Contains(page.GetProperty("items").EnumerateArray(), s => s.Id() == source.Id());
        await (await reader.Client.GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithPublicReadsByDefaultAnonymousCanRead()
    {
        var source = await Seed.Source(await api.Editor());

        await (await api.Anonymous().GetAsync("/v1/sources")).AssertJson(HttpStatusCode.OK);
        await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
    }

    private static async Task AssertUnauthorized(HttpResponseMessage response)
    {
        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal([new AuthenticationHeaderValue("Bearer")], response.Headers.WwwAuthenticate);
    }

    /// <summary>"/v1/sources/1" and "/v1/sources/{id:long}" both become "/v1/sources/{}".</summary>
    private static string Template(string path) =>
        string.Join('/', path.Trim('/').Split('/').Select(segment =>
            segment.StartsWith('{') || long.TryParse(segment, out _) ? "{}" : segment));
}
