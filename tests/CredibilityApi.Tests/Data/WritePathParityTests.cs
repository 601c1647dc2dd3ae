using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Data;

/// <summary>
/// The same entities written one POST at a time into one database and by one NDJSON import into
/// another must leave identical rows: the tables, the full-text rows, the change-feed rows and the
/// audit trail's shape. Server clocks differ between the two runs, so times the server stamps
/// (created, updated, audited) are left out; every time the client gave is compared.
/// </summary>
public sealed class WritePathParityTests : IDisposable
{
    private readonly ApiFactory posted = new();
    private readonly ApiFactory imported = new();

    public void Dispose()
    {
        posted.Dispose();
        imported.Dispose();
    }

    private static readonly object[] Sources =
    [
        new { name = "وكالة تسنيم الدولية للأنباء", kind = "outlet", country = "IR", homepage = "https://www.tasnimnews.com",
              aliases = new[] { new { text = "Tasnim News Agency", language = "en" }, new { text = "تسنيم", language = "ar" } } },
        new { name = "Nahrain Net", kind = "outlet", aliases = new[] { new { text = "موقع نهرين نت", language = "ar" } } },
        new { name = "مصادر دبلوماسية أوروبية لم تسمها", kind = "anonymous" },
        new { name = "Joseph Dunford", kind = "person", country = "US" },
    ];

    private static object Article => new
    {
        url = "https://Example.org/2015/soleimani-moscow/",
        title = "سليماني في موسكو",
        language = "ar",
        publishedAt = "2015-11-03T09:30:00+03:00",
        publisherId = 1,
        author = "Desk",
        body = "نقلت وكالة تسنيم عن موقع نهرين نت أن سليماني زار موسكو.",
        citations = new object[] { new { sourceId = 2, role = "quotes", start = 18, end = 31 }, new { sourceId = 3, role = "reports" } },
    };

    private static readonly object[] Claims =
    [
        new { text = "زار قاسم سليماني موسكو سرا بعد الأنباء عن إصابته", speakerId = 3, via = new[] { 2, 1 }, articleId = 1,
              subject = "soleimani-wounded", language = "ar", claimedAt = "2015-11-02T00:00:00Z" },
        new { text = "Soleimani was badly wounded near Aleppo", speakerId = 4, subject = "soleimani-wounded", language = "en" },
        new { text = "عدد القوات الإيرانية في سوريا 2000 فقط", speakerId = 4, via = new[] { 1 }, subject = "iran-troops-in-syria",
              stance = "asserts", quantity = new { value = 2000, unit = "troops", asOf = "2015-11-01" } },
        new { text = "Iran denies withdrawing its forces", speakerId = 1, stance = "denies", subject = "iran-troops-in-syria" },
    ];

    private static readonly object[] Relations =
    [
        new { fromClaimId = 1, toClaimId = 2, type = "refutes", note = "the visit practically refutes the reports" },
        new { fromClaimId = 4, toClaimId = 3, type = "contradicts" },
    ];

    private static readonly (int Claim, object Verdict)[] Verdicts =
    [
        (2, new { rating = "false", reviewer = "Desk", url = "https://example.org/checks/2", reviewedAt = "2015-12-01T10:00:00Z",
                  explanation = "He appeared in public days later.", originalLabel = "كاذب" }),
        (3, new { rating = "mostly-true", reviewer = "Desk", reviewedAt = "2015-12-02T10:00:00Z" }),
    ];

    [Fact]
    public async Task PostsAndAnNdjsonImportOfTheSameEntitiesLeaveIdenticalRows()
    {
        var viaPosts = await posted.Editor();
        foreach (var source in Sources)
        {
            await (await viaPosts.PostAsJsonAsync("/v1/sources", source)).AssertJson(HttpStatusCode.Created);
        }
        await (await viaPosts.PostAsJsonAsync("/v1/articles", Article)).AssertJson(HttpStatusCode.Created);
        foreach (var claim in Claims)
        {
            await (await viaPosts.PostAsJsonAsync("/v1/claims", claim)).AssertJson(HttpStatusCode.Created);
        }
        foreach (var relation in Relations)
        {
            await (await viaPosts.PostAsJsonAsync("/v1/relations", relation)).AssertJson(HttpStatusCode.Created);
        }
        foreach (var (claim, verdict) in Verdicts)
        {
            await (await viaPosts.PostAsJsonAsync($"/v1/claims/{claim}/verdicts", verdict)).AssertJson(HttpStatusCode.Created);
        }

        // The same bodies, each line with a ref and every id in them given as the ref of its line.
        var lines = new List<string>();
        lines.AddRange(Sources.Select((s, i) => Line("source", $"s{i + 1}", s)));
        lines.Add(Line("article", "a1", Article));
        lines.AddRange(Claims.Select((c, i) => Line("claim", $"c{i + 1}", c)));
        lines.AddRange(Relations.Select((r, i) => Line("relation", $"r{i + 1}", r)));
        lines.AddRange(Verdicts.Select((v, i) => Line("verdict", $"v{i + 1}", Merge(v.Verdict, ("claimId", v.Claim)))));
        using var body = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        var answer = await (await (await imported.Editor()).PostAsync("/v1/imports/ndjson", body)).AssertJson(HttpStatusCode.OK);
        Assert.Empty(answer.GetProperty("rejected").EnumerateArray());
        Assert.Equal(lines.Count, answer.GetProperty("accepted").GetInt32());

        foreach (var (table, query) in Tables)
        {
            Assert.True(Rows(posted, query).Count > 0, $"{table}: the posted database holds no rows, so the comparison proves nothing");
            Assert.Equal(Rows(posted, query), Rows(imported, query));
        }

        // The audit trail's shape: every created entity is audited once, by the same actor, whichever
        // path wrote it: a POST in an entry of its own, an import in its batch's entry naming it.
        var postedAudit = Rows(posted, "SELECT entity || ' ' || entity_id || ' ' || action || ' ' || key_id FROM audit_log WHERE entity <> 'api-key' ORDER BY 1");
        var importedAudit = Rows(imported, TestStore.IsPostgres
            ? """
            SELECT e.key || ' ' || i.value || ' ' || a.action || ' ' || a.key_id
            FROM audit_log a, jsonb_each(a.after_json::jsonb -> 'created') e, jsonb_array_elements_text(e.value) AS i(value)
            WHERE a.entity = 'import' ORDER BY 1
            """
            : """
            SELECT e.key || ' ' || i.value || ' ' || a.action || ' ' || a.key_id
            FROM audit_log a, json_each(a.after_json, '$.created') e, json_each(e.value) i
            WHERE a.entity = 'import' ORDER BY 1
            """);
        Assert.Equal(Sources.Length + 1 + Claims.Length + Relations.Length + Verdicts.Length, postedAudit.Count);
        Assert.Equal(postedAudit, importedAudit);
    }

    /// <summary>Every table a write path fills, its rows in a stable order, server-stamped times left out.</summary>
    private static readonly (string Table, string Query)[] Tables =
    [
        ("sources", "SELECT id, name, name_folded, kind, country, homepage, version FROM sources ORDER BY id"),
        ("source_aliases", "SELECT * FROM source_aliases ORDER BY 1, 2, 3"),
        ("articles", "SELECT id, url, url_key, title, language, published_at, publisher_id, author, body FROM articles ORDER BY id"),
        ("citations", "SELECT * FROM citations ORDER BY 1, 2, 3"),
        ("claims", "SELECT id, text, language, subject, stance, speaker_id, quantity_value, quantity_unit, quantity_as_of, claimed_at, article_id, status, version FROM claims ORDER BY id"),
        ("claim_via", "SELECT * FROM claim_via ORDER BY claim_id, position"),
        ("relations", "SELECT id, from_claim_id, to_claim_id, type, note FROM relations ORDER BY id"),
        ("verdicts", "SELECT id, claim_id, rating, reviewer, url, reviewed_at, explanation, original_label FROM verdicts ORDER BY id"),
        ("claims_fts", "SELECT rowid, text FROM claims_fts ORDER BY rowid"),
        ("articles_fts", "SELECT rowid, title, body FROM articles_fts ORDER BY rowid"),
        // Feeds: which entities were announced as changed (a consumer reads each at most once).
        ("changes", "SELECT DISTINCT kind, entity_id FROM changes ORDER BY 1, 2"),
    ];

    private static List<string> Rows(ApiFactory api, string query)
    {
        using var connection = api.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    private static readonly Dictionary<string, string> RefPrefixes = new(StringComparer.Ordinal)
    {
        ["speakerId"] = "s",
        ["publisherId"] = "s",
        ["sourceId"] = "s",
        ["via"] = "s",
        ["articleId"] = "a",
        ["fromClaimId"] = "c",
        ["toClaimId"] = "c",
        ["claimId"] = "c",
    };

    private static string Line(string entity, string reference, object data)
    {
        var node = JsonSerializer.SerializeToNode(data, JsonSerializerOptions.Web)!;
        AsRefs(node);
        return new JsonObject { ["entity"] = entity, ["ref"] = reference, ["data"] = node }.ToJsonString();
    }

    /// <summary>Every id field (and via entry) becomes the ref of the line that made that row.</summary>
    private static void AsRefs(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    if (RefPrefixes.TryGetValue(name, out var prefix) && value is JsonValue id)
                    {
                        o[name] = $"{prefix}{id.GetValue<int>()}";
                    }
                    else if (RefPrefixes.TryGetValue(name, out prefix) && value is JsonArray ids)
                    {
                        o[name] = new JsonArray([.. ids.Select(i => (JsonNode)$"{prefix}{i!.GetValue<int>()}")]);
                    }
                    else if (value is not null)
                    {
                        AsRefs(value);
                    }
                }
                break;
            case JsonArray a:
                foreach (var item in a.Where(i => i is not null))
                {
                    AsRefs(item!);
                }
                break;
        }
    }

    private static Dictionary<string, object?> Merge(object value, (string Name, object Value) extra)
    {
        var merged = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(value, JsonSerializerOptions.Web))!;
        merged[extra.Name] = extra.Value;
        return merged;
    }
}
