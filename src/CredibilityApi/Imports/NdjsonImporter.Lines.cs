using System.Text.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Articles;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Verdicts;
using Dapper;
using FluentValidation;
using FluentValidation.Results;

namespace CredibilityApi.Imports;

/// <summary>One line: parsed into its create request, refs resolved, checked like the same POST.</summary>
public sealed partial class NdjsonImporter
{
    private static readonly string TooLong = $"is longer than {MaxLineBytes} bytes.";

    private async Task<Parsed> ParseAsync(Run run, byte[] text, CancellationToken ct)
    {
        JsonObject line;
        if (JsonText.HasHalfSurrogate(text, options.MaxDepth))
        {
            return Parsed.Reject("is not valid JSON: a string escapes half a surrogate pair.");
        }
        try
        {
            if (JsonNode.Parse(text, documentOptions: lineOptions) is not JsonObject parsed)
            {
                return Parsed.Reject("must be a JSON object { entity, ref, data }.");
            }
            line = parsed;
        }
        catch (JsonException)
        {
            return Parsed.Reject(JsonText.RepeatedProperty(text, options.MaxDepth) is { } repeated
                ? $"is not valid JSON: it gives the key {Quote(repeated.Name)} more than once{(repeated.Depth == 1 ? "" : " in one object")}."
                : "is not valid JSON.");
        }
        foreach (var (key, _) in line)
        {
            if (key is not ("entity" or "ref" or "data"))
            {
                return Parsed.Reject($"has an unknown field {Quote(key)}: a line holds only entity, ref and data.");
            }
        }
        if (line["entity"] is not JsonValue entityValue || !entityValue.TryGetValue<string>(out var entity))
        {
            return Parsed.Reject("entity is required: source, article, claim, relation or verdict.");
        }
        string? name = null;
        if (line["ref"] is { } refNode && (refNode is not JsonValue refValue || !refValue.TryGetValue(out name) || string.IsNullOrWhiteSpace(name)))
        {
            return Parsed.Reject("ref must be a non-empty string.");
        }
        if (name is { Length: > MaxRefLength })
        {
            return Parsed.Reject($"ref must be at most {MaxRefLength} characters.");
        }
        if (name is not null && run.Refs.TryGetValue(name, out var taken))
        {
            return Parsed.Reject($"ref {Quote(name)} is already used by line {taken.Line}.");
        }
        if (name is not null && run.Refs.Count >= MaxRefs)
        {
            return Parsed.Reject($"ref: this import already gives {MaxRefs} refs, the most one request may; send this line without a ref or in another request.");
        }
        if (line["data"] is not JsonObject data)
        {
            return Parsed.Reject("data must be a JSON object: the body the entity's POST takes.");
        }
        if (LooksUpStore(entity, data))
        {
            await SettleAsync(run);
        }

        // Ids named by refs are rows of this import (perhaps of the batch not yet committed): validators skip their look-up.
        var known = new HashSet<long>();
        var unresolved = entity switch
        {
            "source" => Resolve(run, data, "affiliationId", "source", known),
            "article" => Resolve(run, data, "publisherId", "source", known)
                ?? ResolveEach(run, data, "citations", "sourceId", "source", known),
            "claim" => Resolve(run, data, "speakerId", "source", known)
                ?? Resolve(run, data, "articleId", "article", known)
                ?? ResolveEach(run, data, "via", null, "source", known),
            "relation" => Resolve(run, data, "fromClaimId", "claim", known)
                ?? Resolve(run, data, "toClaimId", "claim", known),
            "verdict" => Resolve(run, data, "claimId", "claim", known),
            _ => $"entity {Quote(entity)} is unknown: use source, article, claim, relation or verdict.",
        };
        if (unresolved is not null)
        {
            return Parsed.Reject(unresolved);
        }

        return entity switch
        {
            "source" => await CheckAsync(entity, name, data, sources, known, null, ct),
            "article" => await CheckAsync(entity, name, data, articles, known, a => ArticleConflictAsync(run, a, ct), ct),
            "claim" => await CheckAsync(entity, name, data, claims, known, null, ct),
            "relation" => await CheckAsync(entity, name, data, relations, known, r => RelationConflictAsync(run, r, ct), ct),
            _ => await VerdictAsync(name, data, known, ct),
        };
    }

    private async Task<Parsed> VerdictAsync(string? name, JsonObject data, HashSet<long> known, CancellationToken ct)
    {
        // A verdict's claim is a path parameter over HTTP; in a line it travels in data as claimId.
        if (data["claimId"] is not JsonValue claimValue || !claimValue.TryGetValue<long>(out var claimId))
        {
            return Parsed.Reject("data.claimId: is required (a claim id or the ref of an earlier claim line).");
        }
        data.Remove("claimId");
        var references = new ImportReferences(known, stored);
        if (!(await references.ExistingAsync(ReferenceKind.Claim, [claimId], ct)).Contains(claimId))
        {
            return Parsed.Reject("data.claimId: must be the id of an existing claim.");
        }
        var parsed = await CheckAsync("verdict", name, data, verdicts, known, null, ct);
        return parsed.Line is { } line ? Parsed.Accept(line with { ClaimId = claimId }) : parsed;
    }

    private async Task<Parsed> CheckAsync<T>(
        string entity, string? name, JsonObject data, IValidator<T> validator, HashSet<long> known,
        Func<T, Task<string?>>? conflict, CancellationToken ct)
        where T : class
    {
        T? request;
        try
        {
            request = data.Deserialize<T>(options);
        }
        catch (JsonException e)
        {
            return Parsed.Reject($"data is not a valid {entity} body{(e.Path is { } path ? $" (at {Quote(path, quotes: false)})" : "")}.");
        }
        if (request is null)
        {
            return Parsed.Reject("data must be a JSON object.");
        }
        var failures = await RequestCheck.ValidateAsync(request, validator, new ImportReferences(known, stored), ct);
        if (failures.Count > 0)
        {
            return Parsed.Reject(Describe(failures));
        }
        if (conflict is not null && await conflict(request) is { } clash)
        {
            return Parsed.Reject(clash);
        }
        return Parsed.Accept(new PendingLine(entity, name, request, 0));
    }

    private async Task<string?> ArticleConflictAsync(Run run, CreateArticleRequest article, CancellationToken ct)
    {
        var key = ArticleStore.UrlKey(article.Url);
        if (!run.UrlKeys.Add(key))
        {
            return "data.url: an earlier line of this import already has this URL.";
        }
        var existing = await db.ReadAsync(
            c => c.QuerySingleOrDefaultAsync<long?>("SELECT id FROM articles WHERE url_key = @key", new { key }), ct);
        if (existing is not null)
        {
            run.UrlKeys.Remove(key);
            return $"data.url: article {existing} already has this URL.";
        }
        return null;
    }

    private async Task<string?> RelationConflictAsync(Run run, CreateRelationRequest relation, CancellationToken ct)
    {
        var type = EnumText<RelationType>.Name(relation.Type!.Value);
        var key = (relation.FromClaimId!.Value, relation.ToClaimId!.Value, type);
        if (!run.RelationKeys.Add(key))
        {
            return "an earlier line of this import already records this relation.";
        }
        if (key.Item1 < 0 || key.Item2 < 0)
        {
            run.PlaceholderKeys.Add(key);
        }
        const string duplicate = """
            SELECT id FROM relations WHERE from_claim_id = @From AND to_claim_id = @To AND type = @Type
            """;
        var existing = key.Item1 < 0 || key.Item2 < 0
            ? null
            : await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<long?>(duplicate, new { From = key.Item1, To = key.Item2, Type = type }), ct);
        if (existing is not null)
        {
            run.RelationKeys.Remove(key);
            return $"relation {existing} already says this.";
        }
        return null;
    }

    /// <summary>
    /// Whether validating the line may read the store: articles (their URL), relations (an equal
    /// relation), verdicts (their claim), and any line naming a row by id instead of by ref.
    /// Such a line waits for the batch being written, so it sees every earlier line committed.
    /// </summary>
    private static bool LooksUpStore(string entity, JsonObject data)
    {
        static bool IsId(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number;
        return entity switch
        {
            "source" => IsId(data["affiliationId"]),
            "claim" => IsId(data["speakerId"]) || IsId(data["articleId"]) || (data["via"] is JsonArray via && via.Any(IsId)),
            _ => true,
        };
    }

    /// <summary>A value of the line, as a reason quotes it: cut to <see cref="MaxQuoted"/> characters, so no answer grows with the input.</summary>
    private static string Quote(string value, bool quotes = true)
    {
        var cut = value.Length <= MaxQuoted
            ? value
            : string.Concat(value.AsSpan(0, char.IsHighSurrogate(value[MaxQuoted - 1]) ? MaxQuoted - 1 : MaxQuoted), "…");
        return quotes ? $"'{cut}'" : cut;
    }

    private static string Describe(IEnumerable<ValidationFailure> failures) =>
        string.Join("; ", failures.Select(f => $"data.{ValidationFilter.CamelCasePath(f.PropertyName)}: {f.ErrorMessage}"));

    /// <summary>Turns a ref string in <paramref name="field"/> into the id it names; answers the reason when it cannot.</summary>
    private static string? Resolve(Run run, JsonObject data, string field, string entity, HashSet<long> known)
    {
        if (data[field] is not JsonValue value || !value.TryGetValue<string>(out var name))
        {
            return null;
        }
        if (!run.Refs.TryGetValue(name, out var target))
        {
            return $"data.{field}: ref {Quote(name)} is not the ref of an earlier accepted line.";
        }
        if (target.Entity != entity)
        {
            return $"data.{field}: ref {Quote(name)} is a {target.Entity}, not a {entity}.";
        }
        data[field] = target.Id;
        known.Add(target.Id);
        return null;
    }

    private static string? ResolveEach(
        Run run, JsonObject data, string list, string? field, string entity, HashSet<long> known)
    {
        if (data[list] is not JsonArray items)
        {
            return null;
        }
        for (var i = 0; i < items.Count; i++)
        {
            string? reason;
            if (field is null)
            {
                var holder = new JsonObject { ["id"] = items[i]?.DeepClone() };
                reason = Resolve(run, holder, "id", entity, known);
                items[i] = holder["id"]?.DeepClone();
            }
            else
            {
                reason = items[i] is JsonObject item ? Resolve(run, item, field, entity, known) : null;
            }
            if (reason is not null)
            {
                return reason.Replace($"data.{(field ?? "id")}:", $"data.{list}[{i}]{(field is null ? "" : "." + field)}:", StringComparison.Ordinal);
            }
        }
        return null;
    }
}
