using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Security;

/// <summary>
/// Walks every operation of the served OpenAPI document with hostile input — malformed JSON,
/// wrong types, missing and unknown fields, huge strings, deep nesting, invalid UTF-8, control and
/// bidi characters, SQL and path tricks, negative and huge numbers, bad cursors, charsets other than
/// UTF-8, a key given twice — and requires a 4xx problem document for every request and no change at all to the
/// database. Every body is also sent with UTF-8 spelled every way a client may spell it, which must
/// answer as without a charset. NDJSON lines giving a key twice must be refused line by line.
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
    private readonly HashSet<(string Schema, string Property)> walked = [];
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

        // Classes 5 and 15: a body is read as UTF-8 however the charset is spelled (sent before the snapshot: they write).
        var probes = CharsetProbes(operations, bodies, ids).ToList();
        foreach (var probe in probes)
        {
            await ExpectCharsetsRead(admin, probe);
        }

        var before = Snapshot();
        foreach (var probe in probes)
        {
            await ExpectCharsetsRefused(admin, probe);
        }
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
            await ExpectInvisibleQueryNamesRefused(admin, op, path);
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
            await ExpectTextRulesHeld(admin, document, op, path, valid);
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

        await ExpectDryRunRefusedAsTheImport(admin);

        Assert.True(sent >= 2000, $"only {sent} hostile requests were sent");
        Assert.Empty(NameFields.Concat(ProseFields).Except(walked));
        Assert.Empty(failures);
        Assert.Equal(before, Snapshot());
    }

    /// <summary>
    /// Class 22, the accepting half: every prose field of every operation takes Arabic as pages give it (bidi
    /// marks, embeddings, isolates, C1 controls) and stores it exactly as sent.
    /// </summary>
    [Fact]
    public async Task RealTextIsStoredAsGivenInEveryProseField()
    {
        var admin = api.Admin();
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        var ids = await SeedAsync(admin);
        var fields = 0;
        foreach (var op in Operations(document).Where(o => o.BodySchema is not null))
        {
            var path = Fill(op.Path, ids);
            foreach (var field in TextFields(document, op.BodySchema!, Valid(document, op.BodySchema!, ids), "", []))
            {
                if (!ProseFields.Contains((field.Schema, field.Property)))
                {
                    continue;
                }
                fields++;
                // A fresh valid body each time: urls must be new for every article and review.
                var body = With(Valid(document, op.BodySchema!, ids), field.Path, MarkedText.Claim);
                using var response = await Send(admin, op.Method, path, body.ToJsonString());
                var answer = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{op.Id} {field.Key}: real text refused → {(int)response.StatusCode} {answer}");
                    continue;
                }
                var stored = Strings(JsonNode.Parse(answer)).ToList();
                if (op.Id == "ImportClaimReviews")
                {
                    var item = JsonNode.Parse(answer)!["items"]![0]!;
                    stored.AddRange(Strings(JsonNode.Parse(await admin.GetStringAsync($"/v1/claims/{item["claimId"]}"))));
                    foreach (var article in item["articleIds"]!.AsArray())
                    {
                        stored.AddRange(Strings(JsonNode.Parse(await admin.GetStringAsync($"/v1/articles/{article}"))));
                    }
                }
                if (op.Id == "AcceptArticleClaims")
                {
                    var claimId = JsonNode.Parse(answer)!["claims"]![0]!["claimId"];
                    stored.AddRange(Strings(JsonNode.Parse(await admin.GetStringAsync($"/v1/claims/{claimId}"))));
                }
                if (!stored.Contains(MarkedText.Claim, StringComparer.Ordinal))
                {
                    failures.Add($"{op.Id} {field.Key}: the text was not stored as given");
                }
            }
        }

        Assert.True(fields >= ProseFields.Count, $"only {fields} prose fields were walked");
        Assert.Empty(failures);
    }

    private sealed record Operation(string Id, string Method, string Path, string? BodySchema, JsonArray Parameters, string? MediaType);

    /// <summary>Class 12: names that show nothing once folded (marks, zero-width, tatweel or diacritics alone, the Hangul filler).</summary>
    private static readonly string[] InvisibleNames = ["\u200F", "\u200B", "\uFEFF", "\u0640\u0640", "\u064E\u0651", "\u3164"];

    /// <summary>Names and identifiers: one line, at least one letter or digit once folded (a unit at least one visible character).</summary>
    private static readonly HashSet<(string Schema, string Property)> NameFields =
    [
        ("CreateSourceRequest", "name"), ("UpdateSourceRequest", "name"), ("SourceAlias", "text"), ("CreateClaimRequest", "subject"),
        ("UpdateClaimRequest", "subject"), ("Quantity", "unit"), ("CreateVerdictRequest", "reviewer"), ("CreateVerdictRequest", "originalLabel"),
        ("CreateApiKeyRequest", "name"), ("CreateArticleRequest", "author"), ("CitationInput", "matchedAlias"), ("LinkedDataThingInput", "name"),
        ("ClaimReviewRatingInput", "alternateName"), ("ClaimReviewRatingInput", "name"), ("ProposedSource", "name"),
        ("ProposedClaim", "cue"), ("ProposedClaim", "subject"),
    ];

    /// <summary>Prose: takes tab, line breaks, bidi marks, embeddings, isolates and C1 controls.</summary>
    private static readonly HashSet<(string Schema, string Property)> ProseFields =
    [
        ("CreateClaimRequest", "text"), ("UpdateClaimRequest", "text"), ("CreateArticleRequest", "title"), ("CreateArticleRequest", "body"),
        ("CreateVerdictRequest", "explanation"), ("CreateRelationRequest", "note"), ("ClaimReviewInput", "claimReviewed"),
        ("CreativeWorkInput", "headline"), ("ProposedClaim", "text"),
    ];

    /// <summary>Text fields with a grammar of their own (URLs, tags, codes, type names).</summary>
    private static readonly HashSet<string> CodedFields = ["url", "homepage", "language", "country", "@type"];

    /// <summary>
    /// Classes 12 and 22 on one operation: every text field is classified; a name that shows nothing gets a 400
    /// naming it; a bidi override anywhere, a control in a name and a C0 control in prose get a 400 naming the field,
    /// the code point and its position.
    /// </summary>
    private async Task ExpectTextRulesHeld(HttpClient client, JsonNode document, Operation op, string path, JsonObject valid)
    {
        foreach (var field in TextFields(document, op.BodySchema!, valid, "", []))
        {
            walked.Add((field.Schema, field.Property));
            var name = NameFields.Contains((field.Schema, field.Property));
            if (!name && !ProseFields.Contains((field.Schema, field.Property)))
            {
                if (!CodedFields.Contains(field.Property))
                {
                    failures.Add($"{op.Id}: {field.Schema}.{field.Property} is neither a name nor prose: classify it here and in ValidationRules");
                }
                continue;
            }
            if (name)
            {
                foreach (var invisible in InvisibleNames)
                {
                    await ExpectRefused(client, op, path, With(valid, field.Path, invisible), field.Key);
                }
                await ExpectRefused(client, op, path, With(valid, field.Path, "ab\ncd"), field.Key, "U+000A", "position 2");
                await ExpectRefused(client, op, path, With(valid, field.Path, "abc\u0085"), field.Key, "U+0085", "position 3");
            }
            else
            {
                await ExpectRefused(client, op, path, With(valid, field.Path, "ab\u0001"), field.Key, "U+0001", "position 2");
            }
            await ExpectRefused(client, op, path, With(valid, field.Path, "ab\u202Ecd"), field.Key, "U+202E", "position 2");
            await ExpectRefused(client, op, path, With(valid, field.Path, "\u202Dab"), field.Key, "U+202D", "position 0");
        }
    }

    /// <summary>Class 12 for a query: a name to look up that shows nothing gets a 400 naming it.</summary>
    private async Task ExpectInvisibleQueryNamesRefused(HttpClient client, Operation op, string path)
    {
        if (!op.Parameters.Any(p => p!["in"]!.GetValue<string>() == "query" && p["name"]!.GetValue<string>() == "name"))
        {
            return;
        }
        foreach (var invisible in InvisibleNames)
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            await ExpectRefused(client, op, $"{path}{separator}name={Uri.EscapeDataString(invisible)}", null, "name");
        }
    }

    /// <summary>A 400 validation problem whose errors name <paramref name="key"/> with a message holding each of <paramref name="parts"/>.</summary>
    private async Task ExpectRefused(HttpClient client, Operation op, string path, JsonObject? body, string key, params string[] parts)
    {
        sent++;
        using var response = await Send(client, op.Method, path, body?.ToJsonString());
        var answer = await response.Content.ReadAsStringAsync();
        var messages = response.StatusCode == HttpStatusCode.BadRequest
                       && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                       && JsonNode.Parse(answer)?["errors"]?[key] is JsonArray found
            ? string.Join(" ", found.Select(m => m!.GetValue<string>()))
            : null;
        if (messages is null || parts.Any(p => !messages.Contains(p, StringComparison.Ordinal)))
        {
            var shown = body?[body.First().Key]?.ToJsonString() ?? path;
            failures.Add($"{op.Id}: {key} = {shown} → {(int)response.StatusCode} {(answer.Length > 300 ? answer[..300] : answer)} (wanted {key}: {string.Join(", ", parts)})");
        }
    }

    private sealed record TextField(string Schema, string Property, string Key, object[] Path);

    /// <summary>
    /// The string fields of a body (nested objects and the first item of arrays included) that are neither enums nor
    /// dates, each with the schema that holds it and the problem key that names it (<c>aliases[0].text</c>).
    /// </summary>
    private static IEnumerable<TextField> TextFields(JsonNode document, string reference, JsonObject body, string key, object[] path)
    {
        var schema = Resolve(document, reference);
        foreach (var (property, definition) in schema["properties"]!.AsObject())
        {
            if (!body.TryGetPropertyValue(property, out var value) || value is null)
            {
                continue;
            }
            var at = key.Length == 0 ? property : $"{key}.{property}";
            object[] where = [.. path, property];
            var target = Referenced(definition!);
            var resolved = target is null ? definition! : Resolve(document, target);
            IEnumerable<TextField> inner = value switch
            {
                JsonObject nested when target is not null => TextFields(document, target, nested, at, where),
                JsonArray { Count: > 0 } items when items[0] is JsonObject first && resolved["items"] is { } itemSchema && Referenced(itemSchema) is { } itemReference =>
                    TextFields(document, itemReference, first, $"{at}[0]", [.. where, 0]),
                JsonValue when value.GetValueKind() == System.Text.Json.JsonValueKind.String && !IsEnum(document, definition!) && resolved["format"] is null =>
                    [new TextField(reference.Split('/')[^1], property, at, where)],
                _ => [],
            };
            foreach (var field in inner)
            {
                yield return field;
            }
        }
    }

    private static string? Referenced(JsonNode definition) =>
        definition["$ref"]?.GetValue<string>()
        ?? (definition["oneOf"] as JsonArray)?.Select(c => c?["$ref"]?.GetValue<string>()).FirstOrDefault(r => r is not null);

    /// <summary>A copy of <paramref name="body"/> with the field at <paramref name="path"/> set to <paramref name="value"/>.</summary>
    private static JsonObject With(JsonObject body, object[] path, string value)
    {
        var copy = (JsonObject)body.DeepClone();
        JsonNode node = copy;
        foreach (var step in path[..^1])
        {
            node = step is int index ? node[index]! : node[(string)step]!;
        }
        node[(string)path[^1]] = value;
        return copy;
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node switch
        {
            JsonObject o => o.SelectMany(p => Strings(p.Value)),
            JsonArray a => a.SelectMany(Strings),
            JsonValue v when v.TryGetValue<string>(out var text) => [text],
            _ => [],
        };

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var content = op!["requestBody"]?["content"]?.AsObject();
                var body = content?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
                // Backups write files, not rows; the article import reads text: its hostile pages are walked apart
                // (ExpectDryRunRefusedAsTheImport) besides its own tests.
                var id = op["operationId"]!.GetValue<string>();
                if (id is "CreateBackup")
                {
                    continue;
                }
                yield return new Operation(id, method.ToUpperInvariant(), path, body, op["parameters"]?.AsArray() ?? [], content?.First().Key);
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
            // Where a string is as good as an array (a ClaimReview's keywords), it is no mutation.
            if (!types.Contains("string"))
            {
                yield return "not an array";
            }
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
        var properties = schema["properties"]!.AsObject();
        foreach (var (name, definition) in properties)
        {
            // A claim answers with a quantity or a value, never both: the body keeps the quantity
            // (ClaimValueTests covers the value's rules).
            if (name == "value" && properties.ContainsKey("quantity"))
            {
                continue;
            }
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
            var items = Resolve(document, schema["items"]!);
            if (name == "via")
            {
                // A claim's relays: ids (POST /v1/claims) or proposed sources (accepting proposals), never the speaker.
                return Types(items).Contains("integer")
                    ? new JsonArray(ids.OtherSource)
                    : new JsonArray(new JsonObject { ["sourceId"] = ids.OtherSource, ["name"] = "x", ["kind"] = "outlet" });
            }
            // Relations between proposals name claims by index: a valid one needs two different claims, so none.
            return name == "relations" && items["properties"]?["from"] is not null
                ? new JsonArray()
                : new JsonArray(Value(document, name, schema["items"]!, ids));
        }
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var nested = new JsonObject();
            foreach (var (property, inner) in schema["properties"]!.AsObject())
            {
                // A ClaimReview's claim ("x" by "x") may be a stored claim stating a quantity, which a value would contradict
                // (ClaimReviewValueTests covers the value's rules).
                if (property == "value" && definition["$ref"]?.GetValue<string>().EndsWith("/ReviewedClaimInput", StringComparison.Ordinal) == true)
                {
                    continue;
                }
                nested[property] = Value(document, property, inner!, ids);
            }
            return nested;
        }
        if (types.Contains("integer"))
        {
            return name switch
            {
                "speakerId" or "sourceId" or "publisherId" => ids.Source,
                // The body of a source's own PATCH: another source, so no affiliation cycle.
                "affiliationId" => ids.OtherSource,
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
            _ when template.StartsWith("/v1/articles", StringComparison.Ordinal) => ids.Article.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    /// <summary>An operation's body with its media type, as the charset classes send it: the valid JSON body, or a text body that is read.</summary>
    private sealed record CharsetProbe(Operation Op, string Path, string Body, string MediaType);

    private static readonly string[] Utf8Charsets =
        ["charset=utf-8", "charset=UTF-8", "charset=utf8", "charset=UTF8", "charset=\"utf-8\"", "Charset=\"Utf8\"", "CHARSET=UTF-8"];

    private static readonly string[] OtherCharsets =
        ["charset=foo", "charset=", "charset=\"\"", "charset=\"foo\"", "charset=utf-16", "charset=iso-8859-1", "charset=utf-8; charset=utf-16", "charset=\"utf-8"];

    private IEnumerable<CharsetProbe> CharsetProbes(List<Operation> operations, Dictionary<string, JsonObject> bodies, Ids ids)
    {
        foreach (var op in operations.Where(o => o.MediaType is not null))
        {
            if (bodies.TryGetValue(op.Id, out var valid))
            {
                yield return new CharsetProbe(op, Fill(op.Path, ids), valid.ToJsonString(), op.MediaType!);
                continue;
            }
            // Bodies that are not JSON: a dry-run page, an NDJSON line.
            (string Path, string Body)? text = op.Id switch
            {
                "ImportArticle" => ("/v1/articles/import?dryRun=true", "Charset probe headline\n\nBy Jane Roe\nText that names Bloomberg."),
                "ImportNdjson" => ("/v1/imports/ndjson", """{"entity":"source","data":{"name":"مصدر الفحص","kind":"outlet"}}"""),
                _ => null,
            };
            if (text is not { } probe)
            {
                failures.Add($"{op.Id}: takes a {op.MediaType} body the charset classes have no probe for");
                continue;
            }
            yield return new CharsetProbe(op, probe.Path, probe.Body, op.MediaType!);
        }
    }

    /// <summary>UTF-8 under any spelling (case, quotes, utf8, spacing) answers as the same body without a charset.</summary>
    private async Task ExpectCharsetsRead(HttpClient client, CharsetProbe probe)
    {
        var spellings = Utf8Charsets.Select(c => $"{probe.MediaType}; {c}")
            .Append($"{probe.MediaType.ToUpperInvariant()};charset=utf-8")
            .Append($"{probe.MediaType} ;\tcharset=\"UTF-8\"");
        foreach (var contentType in spellings)
        {
            using var plain = await SendTyped(client, probe.Op.Method, probe.Path, probe.Body, probe.MediaType);
            using var spelled = await SendTyped(client, probe.Op.Method, probe.Path, probe.Body, contentType);
            sent += 2;
            if (spelled.StatusCode != plain.StatusCode || ((int)plain.StatusCode >= 400 && plain.StatusCode != HttpStatusCode.Conflict))
            {
                failures.Add($"{probe.Op.Id}: {contentType} → {(int)spelled.StatusCode}, without a charset → {(int)plain.StatusCode}");
            }
        }
    }

    /// <summary>
    /// Hostile pages for the article import (issue 14, class 16): with dryRun=true each must get the very
    /// problem the real import answers, the same 4xx status naming the same fields, and neither stores anything.
    /// </summary>
    private async Task ExpectDryRunRefusedAsTheImport(HttpClient client)
    {
        const string page = "Headline of the story\n\nBy Jane Roe\nThe talks resume on Monday, Bloomberg said.";
        var hostile = new (string Name, byte[] Bytes)[]
        {
            ("UTF-16LE without BOM", Encoding.Unicode.GetBytes(page)),
            ("UTF-16BE without BOM", Encoding.BigEndianUnicode.GetBytes(page)),
            ("C0 controls in the body", Encoding.UTF8.GetBytes(page.Replace("talks", "ta\u0001lks \u001B[31m", StringComparison.Ordinal))),
            ("NUL in the title", Encoding.UTF8.GetBytes(page.Replace("Headline", "Head\0line", StringComparison.Ordinal))),
            ("bidi override in the title", Encoding.UTF8.GetBytes(page.Replace("Headline", "\u202Eenildaeh", StringComparison.Ordinal))),
            ("bidi override in the body", Encoding.UTF8.GetBytes(page + " \u202Egnp.exe")),
            ("body over 500,000 characters", Encoding.UTF8.GetBytes(page + string.Concat(Enumerable.Repeat(" word", 110_000)))),
            ("title over 1,000 characters", Encoding.UTF8.GetBytes(new string('t', 1_500) + page)),
        };
        foreach (var (name, bytes) in hostile)
        {
            var url = Uri.EscapeDataString($"https://example.org/fuzz/{Guid.NewGuid():N}");
            var stored = await PostPage(client, $"/v1/articles/import?url={url}", bytes);
            var dryRun = await PostPage(client, "/v1/articles/import?dryRun=true", bytes);
            sent += 2;
            if (stored.Status is < 400 or >= 500 || stored.Type != "application/problem+json" || stored != dryRun)
            {
                failures.Add($"ImportArticle: {name}: the import answered {stored}, the dry run {dryRun}");
            }
        }
    }

    /// <summary>Any other charset (unknown, empty, quoted empty, another encoding, two of them) is a 415 problem.</summary>
    private async Task ExpectCharsetsRefused(HttpClient client, CharsetProbe probe)
    {
        foreach (var charset in OtherCharsets)
        {
            sent++;
            using var response = await SendTyped(client, probe.Op.Method, probe.Path, probe.Body, $"{probe.MediaType}; {charset}");
            if (response.StatusCode != HttpStatusCode.UnsupportedMediaType
                || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{probe.Op.Id}: {probe.MediaType}; {charset} → {(int)response.StatusCode}");
            }
        }
    }

    private static Task<HttpResponseMessage> SendTyped(HttpClient client, string method, string path, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content });
    }

    /// <summary>A page posted as text/plain: the status, media type and errors keys of the answer.</summary>
    private static async Task<(int Status, string? Type, string Errors)> PostPage(HttpClient client, string path, byte[] page)
    {
        using var content = new ByteArrayContent(page);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        using var response = await client.PostAsync(path, content);
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type != "application/problem+json")
        {
            return ((int)response.StatusCode, type, "");
        }
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.TryGetProperty("errors", out var found)
            ? string.Join(", ", found.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal))
            : "";
        return ((int)response.StatusCode, type, errors);
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

    /// <summary>Every table's rows, as text, straight from the store: a rejected request must leave all of it as it was.</summary>
    private string Snapshot()
    {
        using var connection = api.OpenDatabase();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = TestStore.IsPostgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%fts%' ORDER BY table_name"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Contains("claims", tables);
        var snapshot = new StringBuilder();
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            // Row counts catch inserts and deletes; the versions of updatable rows catch updates.
            command.CommandText = table is "sources" or "articles" or "claims"
                ? $"SELECT count(*), CAST(coalesce(sum(version), 0) AS BIGINT) FROM \"{table}\""
                : $"SELECT count(*), CAST(0 AS BIGINT) FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            reader.Read();
            snapshot.Append(System.Globalization.CultureInfo.InvariantCulture, $"{table}:{reader.GetInt64(0)}:{reader.GetInt64(1)}\n");
        }
        return snapshot.ToString();
    }

    [GeneratedRegex("{[^}]+}")]
    private static partial Regex PathParameter();
}
