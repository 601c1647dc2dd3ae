using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Tests.Security;

/// <summary>
/// Walks every operation of the served OpenAPI document with hostile input — malformed JSON,
/// wrong types, missing and unknown fields, huge strings, deep nesting, invalid UTF-8, control and
/// bidi characters, SQL and path tricks, negative and huge numbers, bad cursors, a key given twice — and
/// requires a 4xx problem document for every request and no change at all to the database. NDJSON
/// lines giving a key twice must be refused line by line.
/// </summary>
public sealed partial class FuzzTests : IDisposable
{
    private const int RandomMutationsPerBody = 400;

    private static readonly JsonNode?[] Junk =
    [
        12345, -1, 1e40, 1.5, true, "'; DROP TABLE claims; --", "../../etc/passwd", "\u0000\u0001", "\u202Egnp.exe",
        new JsonArray(), new JsonObject(), new JsonArray(JsonValue.Create<string?>(null)), "9223372036854775808",
    ];

    private readonly ApiFactory api = new ApiFactory().With("RateLimit:PermitsPerMinute", "0");
    private readonly List<string> failures = [];
    private int sent;

    public void Dispose() => api.Dispose();

    [Fact]
    public async Task HostileInputGetsProblemsAndChangesNothing()
    {
        var admin = api.Admin();
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        var ids = await SeedAsync(admin);
        var operations = Operations(document).ToList();

        // The generated bodies must be valid, or their mutations prove nothing: each is sent once first.
        var bodies = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var op in operations.Where(o => o.BodySchema is not null))
        {
            var body = Valid(document, op.BodySchema!, ids);
            var response = await Send(admin, op.Method, Fill(op.Path, ids), body.ToJsonString());
            Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict,
                $"the generated body for {op.Id} is not valid: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            bodies[op.Id] = body;
        }

        var before = Snapshot();
        var random = new Random(20151103);
        foreach (var op in operations)
        {
            var path = Fill(op.Path, ids);
            foreach (var trick in PathTricks(op.Path))
            {
                await Expect4xx(admin, op, op.Method, trick, bodies.GetValueOrDefault(op.Id)?.ToJsonString());
            }
            foreach (var (name, values) in QueryTricks(op))
            {
                foreach (var value in values)
                {
                    var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
                    await Expect4xx(admin, op, op.Method, $"{path}{separator}{name}={Uri.EscapeDataString(value)}",
                        bodies.GetValueOrDefault(op.Id)?.ToJsonString());
                }
            }
            if (op.Id == "ImportNdjson")
            {
                await ExpectRepeatedKeyLinesRefused(admin, op, path);
            }
            if (!bodies.TryGetValue(op.Id, out var valid))
            {
                continue;
            }
            foreach (var raw in BodyTricks(valid))
            {
                await Expect4xx(admin, op, op.Method, path, raw);
            }
            await ExpectUnknownFieldRefused(admin, op, path, valid);
            await ExpectInvalidUtf8Refused(admin, op, path, valid);
            var schema = Resolve(document, op.BodySchema!);
            foreach (var (property, definition) in schema["properties"]!.AsObject())
            {
                foreach (var value in Mutations(document, definition!))
                {
                    var mutated = (JsonObject)valid.DeepClone();
                    mutated[property] = value?.DeepClone();
                    await Expect4xx(admin, op, op.Method, path, mutated.ToJsonString());
                }
            }
            if (op.Method == "POST")
            {
                foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
                {
                    var missing = (JsonObject)valid.DeepClone();
                    missing.Remove(required);
                    await Expect4xx(admin, op, op.Method, path, missing.ToJsonString());
                }
            }
            var names = schema["properties"]!.AsObject().Select(p => p.Key).ToArray();
            for (var i = 0; i < RandomMutationsPerBody; i++)
            {
                var mutated = (JsonObject)valid.DeepClone();
                var property = names[random.Next(names.Length)];
                var junk = Junk[random.Next(Junk.Length)];
                if (!Breaks(document, schema["properties"]![property]!, junk))
                {
                    continue;
                }
                mutated[property] = junk?.DeepClone();
                await Expect4xx(admin, op, op.Method, path, mutated.ToJsonString());
            }
        }

        Assert.True(sent >= 2000, $"only {sent} hostile requests were sent");
        Assert.Empty(failures);
        Assert.Equal(before, Snapshot());
    }

    private sealed record Operation(string Id, string Method, string Path, string? BodySchema, JsonArray Parameters);

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var body = op!["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
                // Backups write files, not rows; the import reads text, and its own tests cover hostile pages.
                var id = op["operationId"]!.GetValue<string>();
                if (id is "CreateBackup")
                {
                    continue;
                }
                yield return new Operation(id, method.ToUpperInvariant(), path, body, op["parameters"]?.AsArray() ?? []);
            }
        }
    }

    private static IEnumerable<string> PathTricks(string template)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            yield break;
        }
        foreach (var trick in new[] { "0", "-1", "99999999999999999999", "1;DROP TABLE sources", "..%2F..%2Fetc%2Fpasswd", "%27%20OR%201%3D1", "abc" })
        {
            yield return PathParameter().Replace(template, trick);
        }
    }

    private static IEnumerable<(string Name, string[] Values)> QueryTricks(Operation op)
    {
        foreach (var parameter in op.Parameters)
        {
            if (parameter!["in"]!.GetValue<string>() != "query")
            {
                continue;
            }
            var name = parameter["name"]!.GetValue<string>();
            var schema = parameter["schema"]!;
            var types = Types(schema);
            string[] values = name switch
            {
                "cursor" => ["bogus", "'; DROP TABLE claims; --", "azE6LTE", new string('A', 5000)],
                "kind" or "status" or "entity" or "bucket" => ["bogus' OR '1'='1", "%00"],
                "from" or "to" or "since" => ["yesterday", "2015-13-45"],
                "tolerance" => ["abc", "-1", "2", "NaN"],
                "dryRun" => ["maybe"],
                "url" => ["javascript:alert(1)", "file:///etc/passwd"],
                _ when types.Contains("integer") => ["abc", "-1", "0", "99999999999999999999", "1e9", "1.5"],
                _ => [],
            };
            if (name == "url" && op.Id == "ImportArticle")
            {
                continue;
            }
            yield return (name, values);
        }
    }

    private static IEnumerable<string> BodyTricks(JsonObject valid)
    {
        yield return "";
        yield return "{";
        yield return "null";
        yield return "[1, 2, 3]";
        yield return "\"a string\"";
        yield return new string('[', 2000) + new string(']', 2000);
        // Deep nesting inside a field, written as text: too deep for any parser to build a tree of.
        var first = valid.First().Key;
        yield return "{\"" + first + "\": " + new string('[', 200) + new string(']', 200) + "}";
        yield return "{\"" + valid.First().Key + "\": \"" + new string('x', 1_100_000) + "\"}";
        // Half a surrogate pair, escaped: valid UTF-8 and valid JSON tokens, but no text.
        var body = valid.ToJsonString();
        // A top-level key given twice, the first time with a valid value and then with another: which one counts?
        foreach (var (name, value) in valid)
        {
            yield return "{\"" + name + "\": " + (value?.ToJsonString() ?? "null") + ", " + body[1..];
        }
        yield return "{\"\\udc00\": 1, " + body[1..];
        foreach (var (name, value) in valid)
        {
            if (value?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                var halved = (JsonObject)valid.DeepClone();
                halved[name] = "HALF-SURROGATE";
                yield return halved.ToJsonString().Replace("\"HALF-SURROGATE\"", "\"x\\ud800\"", StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Values that break a property of this schema: wrong types, and for strings hostile content.</summary>
    private static IEnumerable<JsonNode?> Mutations(JsonNode document, JsonNode definition)
    {
        var types = Types(Resolve(document, definition));
        if (types.Contains("string") || IsEnum(document, definition))
        {
            yield return 12345;
            yield return new JsonObject();
            if (IsEnum(document, definition))
            {
                yield return "bogus' OR '1'='1";
            }
            else
            {
                yield return "\u0001\u0002 control";
                yield return "\u202Eevil";
                yield return new string('x', 600_000);
            }
        }
        if (types.Contains("integer"))
        {
            yield return "abc";
            yield return 1.5;
            yield return JsonNode.Parse("1e40");
            yield return -1;
            yield return "'; DROP TABLE claims; --";
        }
        if (types.Contains("array"))
        {
            yield return "not an array";
            yield return new JsonArray(JsonValue.Create<string?>(null));
        }
        if (types.Contains("object"))
        {
            yield return "not an object";
            yield return new JsonArray();
        }
    }

    /// <summary>Whether <paramref name="junk"/> is invalid for the property (the random round sends only those).</summary>
    private static bool Breaks(JsonNode document, JsonNode definition, JsonNode? junk)
    {
        var types = Types(Resolve(document, definition));
        return junk switch
        {
            null => false,
            JsonArray => !types.Contains("array"),
            JsonObject => !types.Contains("object"),
            JsonValue v when v.TryGetValue<string>(out var s) =>
                !types.Contains("string") || IsEnum(document, definition) || s.Contains('\u0001') || s.Contains('\u202E'),
            JsonValue v when v.TryGetValue<bool>(out _) => !types.Contains("boolean"),
            JsonValue v when v.TryGetValue<double>(out var d) =>
                !(types.Contains("number") || (types.Contains("integer") && d == Math.Floor(d) && d > 0 && d < long.MaxValue && !IdLike(definition)))
                || (types.Contains("integer") && (d < 1 || d > 1e15)),
            _ => false,
        };
    }

    private static bool IdLike(JsonNode definition) => definition["format"]?.GetValue<string>() == "int64";

    private static HashSet<string> Types(JsonNode schema) =>
        schema["type"] switch
        {
            JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
            JsonValue one => [one.GetValue<string>()],
            _ => schema["oneOf"] is JsonArray choices ? [.. choices.SelectMany(c => Types(c!))] : [],
        };

    private static bool IsEnum(JsonNode document, JsonNode definition)
    {
        var resolved = Resolve(document, definition);
        return resolved["enum"] is not null
            || (resolved["oneOf"] is JsonArray choices && choices.Any(c => c?["$ref"] is not null && Resolve(document, c)["enum"] is not null));
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? Resolve(document, reference) : schema;

    private static JsonNode Resolve(JsonNode document, string reference) =>
        document["components"]!["schemas"]![reference.Split('/')[^1]]!;

    /// <summary>A valid body for a request schema, built from its properties and the seeded rows.</summary>
    private static JsonObject Valid(JsonNode document, string reference, Ids ids)
    {
        var schema = Resolve(document, reference);
        var body = new JsonObject();
        foreach (var (name, definition) in schema["properties"]!.AsObject())
        {
            body[name] = Value(document, name, definition!, ids);
        }
        return body;
    }

    private static JsonNode? Value(JsonNode document, string name, JsonNode definition, Ids ids)
    {
        var schema = Resolve(document, definition);
        if (schema["oneOf"] is JsonArray choices && choices.FirstOrDefault(c => c?["$ref"] is not null) is { } referenced)
        {
            schema = Resolve(document, referenced);
        }
        if (schema["enum"] is JsonArray values)
        {
            return name == "type" ? "denies" : values[0]!.DeepClone();
        }
        var types = Types(schema);
        if (types.Contains("array"))
        {
            return name == "via" ? new JsonArray(ids.OtherSource) : new JsonArray(Value(document, name, schema["items"]!, ids));
        }
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var nested = new JsonObject();
            foreach (var (property, inner) in schema["properties"]!.AsObject())
            {
                nested[property] = Value(document, property, inner!, ids);
            }
            return nested;
        }
        if (types.Contains("integer"))
        {
            return name switch
            {
                "speakerId" or "sourceId" or "publisherId" => ids.Source,
                "articleId" => ids.Article,
                "fromClaimId" => ids.Claim,
                "toClaimId" => ids.OtherClaim,
                "start" => 0,
                "end" => 1,
                _ => 1,
            };
        }
        if (types.Contains("number"))
        {
            // A rating scale needs its best above its worst (1).
            return name == "bestRating" ? 5 : 1;
        }
        return schema["format"]?.GetValue<string>() switch
        {
            "date-time" => "2015-11-01T00:00:00Z",
            "date" => "2015-11-01",
            _ => name switch
            {
                "url" => $"https://example.org/fuzz/{Guid.NewGuid():N}",
                "homepage" => "https://example.org",
                "language" => "ar",
                "country" => "SY",
                "role" => "reader",
                _ => "x",
            },
        };
    }

    private sealed record Ids(long Source, long OtherSource, long Article, long Claim, long OtherClaim);

    private static async Task<Ids> SeedAsync(HttpClient admin)
    {
        var source = (await Seed.Source(admin)).Id();
        var other = (await Seed.Source(admin)).Id();
        var article = (await Seed.Article(admin, source)).Id();
        var claim = (await Seed.Claim(admin, source)).Id();
        var otherClaim = (await Seed.Claim(admin, other)).Id();
        return new Ids(source, other, article, claim, otherClaim);
    }

    private static string Fill(string template, Ids ids) =>
        PathParameter().Replace(template, m => m.Value switch
        {
            "{claimId}" => ids.Claim.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "{subject}" => "fuzz-subject",
            _ when template.StartsWith("/v1/sources", StringComparison.Ordinal) => ids.Source.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => ids.Claim.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private async Task Expect4xx(HttpClient client, Operation op, string method, string path, string? body)
    {
        sent++;
        using var response = await Send(client, method, path, op.BodySchema is null ? null : body);
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (status is < 400 or >= 500 || type != "application/problem+json")
        {
            var shown = body is null ? "" : body.Length > 120 ? body[..120] + "…" : body;
            failures.Add($"{op.Id}: {method} {(path.Length > 120 ? path[..120] + "…" : path)} {shown} → {status} {type}");
        }
    }

    /// <summary>
    /// A valid body with one field the schema does not have must be refused, with one exemption: the ClaimReview
    /// import reads JSON-LD, whose vocabulary (@context, @id, sameAs, image, ...) is open, so it reads past what it
    /// does not model (its operation description says so). There the field must be ignored instead: the body is
    /// the valid one already imported, so it is answered as unchanged and the database snapshot still holds.
    /// </summary>
    private async Task ExpectUnknownFieldRefused(HttpClient client, Operation op, string path, JsonObject valid)
    {
        var unknown = (JsonObject)valid.DeepClone();
        unknown["zzzUnknownField"] = 1;
        if (op.Id != "ImportClaimReviews")
        {
            await Expect4xx(client, op, op.Method, path, unknown.ToJsonString());
            return;
        }
        sent++;
        using var response = await Send(client, op.Method, path, unknown.ToJsonString());
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !body.Contains("\"unchanged\"", StringComparison.Ordinal))
        {
            failures.Add($"{op.Id}: an unknown JSON-LD property was not ignored → {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>NDJSON lines that give a top-level key (or a key of data) twice: each refused with its reason, nothing written.</summary>
    private async Task ExpectRepeatedKeyLinesRefused(HttpClient client, Operation op, string path)
    {
        string[] lines =
        [
            """{"entity":"source","entity":"claim","data":{"name":"Twice","kind":"outlet"}}""",
            """{"entity":"source","ref":"a","ref":"b","data":{"name":"Twice","kind":"outlet"}}""",
            """{"entity":"source","data":{"name":"Twice","kind":"outlet"},"data":{"name":"Again","kind":"outlet"}}""",
            """{"entity":"source","data":{"name":"Twice","name":"Again","kind":"outlet"}}""",
        ];
        foreach (var line in lines)
        {
            sent++;
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(line + "\n", Encoding.UTF8, "application/x-ndjson") };
            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || JsonNode.Parse(answer) is not { } body
                || body["accepted"]?.GetValue<int>() != 0 || body["rejected"]?.AsArray().Count != 1)
            {
                failures.Add($"{op.Id}: a line giving a key twice was not refused alone: {line} → {(int)response.StatusCode} {answer}");
            }
        }
    }

    /// <summary>A body whose first field holds bytes that are not UTF-8 (a lone continuation byte, an overlong form).</summary>
    private async Task ExpectInvalidUtf8Refused(HttpClient client, Operation op, string path, JsonObject valid)
    {
        foreach (var bad in new byte[][] { [0xC3, 0x28], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80] })
        {
            sent++;
            var body = Encoding.UTF8.GetBytes("{\"" + valid.First().Key + "\": \"x").Concat(bad).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
            using var request = new HttpRequestMessage(new HttpMethod(op.Method), path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{op.Id}: invalid UTF-8 {Convert.ToHexString(bad)} → {status}");
            }
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return client.SendAsync(request);
    }

    /// <summary>Every table's rows, as text, straight from the file: a rejected request must leave all of it as it was.</summary>
    private string Snapshot()
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={api.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var snapshot = new StringBuilder();
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            // Row counts catch inserts and deletes; the versions of updatable rows catch updates.
            command.CommandText = table is "sources" or "articles" or "claims"
                ? $"SELECT count(*), coalesce(sum(version), 0) FROM \"{table}\""
                : $"SELECT count(*), 0 FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            reader.Read();
            snapshot.Append(System.Globalization.CultureInfo.InvariantCulture, $"{table}:{reader.GetInt64(0)}:{reader.GetInt64(1)}\n");
        }
        return snapshot.ToString();
    }

    [GeneratedRegex("{[^}]+}")]
    private static partial Regex PathParameter();
}
