using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.OpenApi;

public sealed class OpenApiDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string CommittedPath = Path.Combine(Repository.Root, "openapi", "credibility-api.json");

    [Fact]
    public async Task ServedDocumentIsTheCommittedOne()
    {
        var served = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"));
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath));

        Assert.True(
            JsonNode.DeepEquals(served, committed),
            "openapi/credibility-api.json differs from what the service serves: run `dotnet build` and commit the document.");
    }

    [Fact]
    public async Task EveryOperationIsNamedSummarisedAndListsItsProblems()
    {
        var document = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var operationIds = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                var id = operation!["operationId"]?.GetValue<string>();
                Assert.False(string.IsNullOrEmpty(id), $"{where} has no operationId");
                Assert.True(operationIds.Add(id!), $"{where} repeats operationId {id}");
                Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{where} has no summary");
                var problems = operation["responses"]!.AsObject()
                    .Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5'))
                    .ToList();
                if (path.StartsWith("/v1/", StringComparison.Ordinal))
                {
                    Assert.True(problems.Count > 0, $"{where} lists no problem responses");
                }
                foreach (var (status, response) in problems)
                {
                    Assert.True(response!["content"]?["application/problem+json"] is not null, $"{where} {status} is not a problem document");
                }
                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    Assert.False(
                        string.IsNullOrEmpty(parameter!["description"]?.GetValue<string>()),
                        $"{where} parameter {parameter["name"]} has no description");
                }
            }
        }
    }

    [Fact]
    public async Task BodiesUseNamedSchemasAndEnumsAreStrings()
    {
        var document = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"))!;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var bodies = new[] { operation!["requestBody"] }
                    .Concat(operation["responses"]!.AsObject().Select(r => r.Value))
                    .SelectMany(b => b?["content"]?.AsObject().Select(c => c.Value?["schema"]) ?? []);
                foreach (var schema in bodies)
                {
                    Assert.True(schema?["$ref"] is not null, $"{method.ToUpperInvariant()} {path} has an anonymous body schema");
                }
            }
        }
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            if (schema!["enum"] is not null)
            {
                Assert.Equal("string", schema["type"]?.GetValue<string>());
                Assert.All(schema["enum"]!.AsArray(), value => Assert.Equal(JsonValueKind.String, value?.GetValueKind()));
            }
            Assert.DoesNotContain('`', name);
        }
    }

    [Fact]
    public async Task EveryOperationStatesWhoMayCallIt()
    {
        var document = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"))!;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                var requirements = operation!["security"]?.AsArray().Select(r => string.Join(",", r!.AsObject().Select(s => s.Key))).ToList();
                Assert.True(requirements is not null, $"{where} states no security");
                var expected = operation["x-required-role"]?.GetValue<string>() == "reader" ? new[] { "", "Bearer" } : ["Bearer"];
                Assert.Equal(expected, requirements);
            }
        }
    }

    [Fact]
    public async Task EveryTagIsDescribedAndTheServerIsTheServingHost()
    {
        var document = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"))!;

        foreach (var tag in document["tags"]!.AsArray())
        {
            Assert.False(string.IsNullOrEmpty(tag!["description"]?.GetValue<string>()), $"tag {tag["name"]} has no description");
        }
        Assert.Equal("/", document["servers"]?[0]?["url"]?.GetValue<string>());
    }

    [Fact]
    public async Task InteractiveDocsAreServed()
    {
        var response = await api.Anonymous().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
