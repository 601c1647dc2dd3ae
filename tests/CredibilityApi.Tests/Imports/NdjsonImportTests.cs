using System.Net;
using System.Text;
using System.Text.Json;
using CredibilityApi.Imports;
using CredibilityApi.Tests.Infrastructure;

[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming", "CA1716", Justification = "Mirrors the src feature folder.", Scope = "namespace", Target = "~N:CredibilityApi.Tests.Imports")]

namespace CredibilityApi.Tests.Imports;

public sealed class NdjsonImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ImportingLinesResolvesRefsAcrossLinesAndRowsAreReadable()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var response = await Import(editor,
            Line("source", "diplomats", new { name = $"مصادر دبلوماسية أوروبية {tag}", kind = "anonymous" }),
            Line("source", "nahrain", new { name = $"Nahrain Net {tag}", kind = "outlet" }),
            Line("source", "tasnim", new { name = $"Tasnim {tag}", kind = "outlet" }),
            Line("article", "page", new { url = $"https://example.org/{tag}", title = "Soleimani in Moscow", publisherId = "tasnim", citations = new[] { new { sourceId = "nahrain", role = "quotes" } } }),
            Line("claim", "visit", new { text = "Soleimani visited Moscow", speakerId = "diplomats", via = new[] { "nahrain", "tasnim" }, articleId = "page", subject = $"soleimani-{tag}" }),
            Line("claim", "wounded", new { text = "Soleimani was badly wounded", speakerId = "nahrain", subject = $"soleimani-{tag}" }),
            Line("relation", "refutation", new { fromClaimId = "visit", toClaimId = "wounded", type = "refutes" }),
            Line("verdict", "rating", new { claimId = "wounded", rating = "false", reviewer = "Desk" }));

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(8, body.GetProperty("accepted").GetInt32());
        Assert.Empty(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, body.GetProperty("batches").GetInt32());
        var ids = body.GetProperty("refs").EnumerateArray()
            .ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());

        var claim = await (await editor.GetAsync($"/v1/claims/{ids["visit"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ids["diplomats"], claim.GetProperty("speakerId").GetInt64());
        Assert.Equal([ids["nahrain"], ids["tasnim"]], claim.GetProperty("via").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        Assert.Equal(ids["page"], claim.GetProperty("articleId").GetInt64());

        var article = await (await editor.GetAsync($"/v1/articles/{ids["page"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ids["tasnim"], article.GetProperty("publisherId").GetInt64());
        Assert.Equal(ids["nahrain"], article.GetProperty("citations")[0].GetProperty("sourceId").GetInt64());

        var relations = await (await editor.GetAsync($"/v1/relations?claimId={ids["visit"]}")).AssertJson(HttpStatusCode.OK);
        var relation = Assert.Single(relations.GetProperty("items").EnumerateArray());
        Assert.Equal(ids["refutation"], relation.Id());
        Assert.Equal(ids["wounded"], relation.GetProperty("toClaimId").GetInt64());

        var rated = await (await editor.GetAsync($"/v1/claims/{ids["wounded"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("false", rated.GetProperty("status").GetString());
    }

    [Fact]
    public async Task LinesNamingRowsOfTheBatchBeingWrittenGetTheirIdsAndEveryBatchIsSearchableAndWalked()
    {
        // Batch 1 is all sources; batch 2 (parsed while batch 1 is written) holds more sources and
        // claims naming sources of both; batch 3 holds relations and a verdict on claims of batch 2,
        // and a claim naming a source by its id rather than by ref.
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var existing = await Seed.Source(editor);
        var batch = NdjsonImporter.BatchSize;
        var sources = batch + 500;
        var claims = batch - 500;
        var lines = new List<string>();
        lines.AddRange(Enumerable.Range(0, sources).Select(i => Line("source", $"s{i}", new { name = $"Pipelined {tag} {i}", kind = "outlet" })));
        lines.AddRange(Enumerable.Range(0, claims).Select(i => Line("claim", $"c{i}", new
        {
            text = $"Pipelined {(i == 7 ? $"marker{tag}" : "claim")} {i}",
            speakerId = $"s{i}",
            via = new[] { $"s{sources - 1 - i}" },
            subject = $"pipelined-{tag}",
        })));
        lines.Add(Line("relation", "r", new { fromClaimId = "c1", toClaimId = "c2", type = "contradicts" }));
        lines.Add(Line("verdict", null, new { claimId = "c2", rating = "false", reviewer = "Desk" }));
        lines.Add(Line("claim", "last", new { text = "Named by id", speakerId = existing.Id(), via = new[] { "s0" } }));

        var response = await Import(editor, [.. lines]);

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Empty(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(lines.Count, body.GetProperty("accepted").GetInt32());
        Assert.Equal(3, body.GetProperty("batches").GetInt32());
        var ids = body.GetProperty("refs").EnumerateArray()
            .ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());
        Assert.All(ids.Values, id => Assert.True(id > 0));
        foreach (var i in new[] { 0, 7, claims / 2, claims - 1 })
        {
            var claim = await (await editor.GetAsync($"/v1/claims/{ids[$"c{i}"]}")).AssertJson(HttpStatusCode.OK);
            Assert.Equal(ids[$"s{i}"], claim.GetProperty("speakerId").GetInt64());
            Assert.Equal([ids[$"s{sources - 1 - i}"]], claim.GetProperty("via").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        }
        var last = await (await editor.GetAsync($"/v1/claims/{ids["last"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(existing.Id(), last.GetProperty("speakerId").GetInt64());
        Assert.Equal([ids["s0"]], last.GetProperty("via").EnumerateArray().Select(v => v.GetInt64()).ToArray());

        var found = await (await editor.GetAsync($"/v1/claims?q=marker{tag}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ids["c7"], Assert.Single(found.GetProperty("items").EnumerateArray()).Id());
        var rated = await (await editor.GetAsync($"/v1/claims/{ids["c2"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("false", rated.GetProperty("status").GetString());

        var chain = await (await api.Anonymous().GetAsync($"/v1/claims/{ids["c1"]}/chain")).AssertJson(HttpStatusCode.OK);
        Assert.Equal([ids["c1"], ids["c2"]], chain.GetProperty("nodes").EnumerateArray().Select(n => n.Id()).Order().ToArray());
        var node = chain.GetProperty("nodes").EnumerateArray().Single(n => n.Id() == ids["c2"]);
        Assert.Equal(new[] { ids["s2"], ids[$"s{sources - 3}"] }.Order(), node.GetProperty("attribution").EnumerateArray().Select(x => x.GetInt64()).Order().ToArray());
    }

    [Fact]
    public async Task ImportedRowsTakeTheNextIdsAndTheWriteAfterTheImportTheOneAfterThem()
    {
        // On PostgreSQL the import copies its rows in with ids reserved in blocks; the unused
        // ones go back, so ids stay dense, in the same order as on SQLite.
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var before = (await Seed.Source(editor, $"Before {tag}")).Id();

        var body = await (await Import(editor,
            Line("source", "a", new { name = $"Imported A {tag}", kind = "outlet" }),
            Line("source", "b", new { name = $"Imported B {tag}", kind = "outlet" }))).AssertJson(HttpStatusCode.OK);
        var after = (await Seed.Source(editor, $"After {tag}")).Id();

        var imported = body.GetProperty("refs").EnumerateArray().Select(r => r.Id()).ToArray();
        Assert.Equal([before + 1, before + 2], imported);
        Assert.Equal(before + 3, after);
    }

    [Fact]
    public async Task ImportingWritesOneAuditEntryPerBatch()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var response = await Import(editor,
            Line("source", "a", new { name = $"Audited A {tag}", kind = "outlet" }),
            Line("claim", "c", new { text = "Audited claim", speakerId = "a" }));
        await response.AssertJson(HttpStatusCode.OK);

        var audit = await (await api.Admin().GetAsync("/v1/audit?entity=import")).AssertJson(HttpStatusCode.OK);
        var counts = audit.GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("after"))
            .First(after => after.GetProperty("lines").GetInt32() == 2 && after.GetProperty("claims").GetInt32() == 1);
        Assert.Equal(1, counts.GetProperty("sources").GetInt32());
    }

    [Fact]
    public async Task BadLineInTheMiddleIsRejectedWithItsNumberAndWritesNothing()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var response = await Import(editor,
            Line("source", "ok1", new { name = $"First {tag}", kind = "outlet" }),
            Line("source", "bad", new { name = $"Bad {tag}", kind = "outlet", country = "not-a-country" }),
            Line("source", "ok2", new { name = $"Last {tag}", kind = "outlet" }));

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("line").GetInt32());
        Assert.Contains("data.country", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["ok1", "ok2"], body.GetProperty("refs").EnumerateArray().Select(r => r.GetProperty("ref").GetString()!).ToArray());

        var found = await (await editor.GetAsync($"/v1/sources?q={Uri.EscapeDataString(tag)}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, found.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(found.GetProperty("items").EnumerateArray(), s => s.GetProperty("name").GetString()!.StartsWith("Bad", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClaimLinesCarryValueAndTopicsAndHostileOnesAreRejectedNamingTheField()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var subject = $"strike-{tag}";
        var response = await Import(editor,
            Line("source", "s", new { name = $"Valued {tag}", kind = "outlet" }),
            Line("claim", "valued", new { text = "Jaysh al-Islam carried out the strike", speakerId = "s", subject, value = "Jaysh al-Islam", topics = new[] { "Air strikes", "Syria" } }),
            Line("claim", "crowded", new { text = "Six topics", speakerId = "s", subject, topics = new[] { "a", "b", "c", "d", "e", "f" } }),
            Line("claim", "long", new { text = "A long value", speakerId = "s", subject, value = new string('v', 501) }),
            Line("claim", "both", new { text = "A value and a number", speakerId = "s", subject, value = "2000", quantity = new { value = 2000, unit = "troops" } }),
            Line("claim", "typed", new { text = "A value as a number", speakerId = "s", subject, value = 7 }),
            Line("claim", "badtopic", new { text = "A topic with punctuation", speakerId = "s", subject, topics = new[] { "fine", "not fine!" } }));

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([3, 4, 5, 6, 7], rejected.Keys.Order().ToArray());
        Assert.Contains("data.topics", rejected[3], StringComparison.Ordinal);
        Assert.Contains("data.value", rejected[4], StringComparison.Ordinal);
        Assert.Contains("data.value", rejected[5], StringComparison.Ordinal);
        Assert.Contains("$.value", rejected[6], StringComparison.Ordinal);
        Assert.Contains("data.topics", rejected[7], StringComparison.Ordinal);

        var ids = body.GetProperty("refs").EnumerateArray().ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());
        var claim = await (await editor.GetAsync($"/v1/claims/{ids["valued"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("Jaysh al-Islam", claim.GetProperty("value").GetString());
        Assert.Equal(["air-strikes", "syria"], claim.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!).ToArray());
        var listed = await (await editor.GetAsync($"/v1/claims?subject={subject}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ids["valued"], Assert.Single(listed.GetProperty("items").EnumerateArray()).Id());
    }

    [Fact]
    public async Task UnknownEntityMalformedJsonAndUnknownRefsAreRejectedPerLine()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var response = await Import(editor,
            Line("planet", "p", new { name = "Mars" }),
            "{\"entity\": \"source\", \"data\": {",
            Line("source", "bad", new { name = "", kind = "outlet" }),
            Line("claim", "c1", new { text = "Refers to a rejected line", speakerId = "bad" }),
            Line("claim", "c2", new { text = "Refers to nothing", speakerId = "nowhere" }),
            Line("source", "s", new { name = $"Good {tag}", kind = "outlet" }),
            Line("claim", "c3", new { text = "Refers to a claim as its speaker", speakerId = "s", via = new[] { "missing" } }),
            // Valid UTF-8 and valid JSON tokens, but half a surrogate pair: no text at all.
            "{\"entity\": \"source\", \"ref\": \"h\", \"data\": {\"name\": \"\\ud800\", \"kind\": \"outlet\"}}",
            "{\"entity\": \"source\", \"ref\": \"h2\", \"data\": {\"\\udc00\": 1, \"name\": \"x\", \"kind\": \"outlet\"}}");

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([1, 2, 3, 4, 5, 7, 8, 9], rejected.Keys.Order().ToArray());
        Assert.Contains("surrogate", rejected[8], StringComparison.Ordinal);
        Assert.Contains("surrogate", rejected[9], StringComparison.Ordinal);
        Assert.Contains("'planet' is unknown", rejected[1], StringComparison.Ordinal);
        Assert.Equal("is not valid JSON.", rejected[2]);
        Assert.Contains("data.name", rejected[3], StringComparison.Ordinal);
        Assert.Contains("ref 'bad'", rejected[4], StringComparison.Ordinal);
        Assert.Contains("ref 'nowhere'", rejected[5], StringComparison.Ordinal);
        Assert.Contains("data.via[0]", rejected[7], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefToAnotherEntityAndDuplicateRefAreRejected()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var response = await Import(editor,
            Line("source", "s", new { name = $"Speaker {tag}", kind = "person" }),
            Line("source", "s", new { name = $"Twin {tag}", kind = "person" }),
            Line("claim", "c", new { text = "A claim", speakerId = "s" }),
            Line("relation", null, new { fromClaimId = "c", toClaimId = "s", type = "supports" }),
            Line("relation", null, new { fromClaimId = "c", toClaimId = "c", type = "supports" }));

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([2, 4, 5], rejected.Keys.Order().ToArray());
        Assert.Contains("already used by line 1", rejected[2], StringComparison.Ordinal);
        Assert.Contains("is a source, not a claim", rejected[4], StringComparison.Ordinal);
        Assert.Contains("data.toClaimId", rejected[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportingDuplicateArticleUrlRejectsTheSecondLine()
    {
        var editor = await api.Editor();
        var url = $"https://example.org/dup/{Guid.NewGuid():N}";
        var response = await Import(editor,
            Line("article", "a", new { url, title = "First" }),
            Line("article", "b", new { url = url + "/", title = "Second" }));

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("line").GetInt32());
        Assert.Contains("data.url", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportingAnEmptyBodyReturnsValidationProblem()
    {
        var editor = await api.Editor();
        using var content = new StringContent("\n\n", Encoding.UTF8, "application/x-ndjson");

        var response = await editor.PostAsync("/v1/imports/ndjson", content);

        await response.AssertValidationProblem("body");
    }

    [Fact]
    public async Task ImportingJsonInsteadOfNdjsonReturnsUnsupportedMediaType()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/imports/ndjson", new { entity = "source" });

        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task ImportingWithoutKeyReturnsUnauthorized()
    {
        using var content = new StringContent(Line("source", "s", new { name = "x", kind = "outlet" }), Encoding.UTF8, "application/x-ndjson");

        var response = await api.Anonymous().PostAsync("/v1/imports/ndjson", content);

        await response.AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ImportBodyMayExceedTheGeneralBodyLimit()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var filler = new string('x', 9_000);
        var lines = Enumerable.Range(0, 150)
            .Select(i => Line("source", null, new { name = $"Big {tag} {i} {filler}"[..200], kind = "outlet", homepage = $"https://example.org/{filler}" }))
            .ToArray();
        Assert.True(lines.Sum(l => l.Length) > 1_048_576);

        var response = await Import(editor, lines);

        var body = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(150, body.GetProperty("accepted").GetInt32() + body.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task DuplicatesAcrossBatchBoundariesAreRejectedAndPlaceholdersResolve()
    {
        var editor = await api.Editor();
        var tag = Guid.NewGuid().ToString("N");
        var batch = NdjsonImporter.BatchSize;
        var url = $"https://example.org/cross/{tag}";
        var lines = new List<string>
        {
            Line("source", "s", new { name = $"Cross {tag}", kind = "outlet" }),
            Line("claim", "c1", new { text = "c1", speakerId = "s" }),
            Line("claim", "c2", new { text = "c2", speakerId = "s" }),
        };
        lines.AddRange(Enumerable.Range(0, batch - 6).Select(i => Line("source", $"f{i}", new { name = $"Filler {tag} {i}", kind = "outlet" })));
        // last lines of batch 1: a relation on two placeholders and an article
        lines.Add(Line("relation", "r1", new { fromClaimId = "c1", toClaimId = "c2", type = "supports" }));
        lines.Add(Line("article", "a1", new { url, title = "A1", publisherId = "s" }));
        lines.Add(Line("source", "last1", new { name = $"Last of batch 1 {tag}", kind = "person" }));
        // batch 2, parsed while batch 1 is written: claims naming batch 1 by ref (no settle)
        lines.Add(Line("claim", "c3", new { text = "c3", speakerId = "last1", articleId = "a1", via = new[] { "s" } }));
        lines.Add(Line("claim", "c4", new { text = "c4", speakerId = "s" }));
        lines.Add(Line("relation", "r2", new { fromClaimId = "c3", toClaimId = "c4", type = "denies" }));
        var duplicateRelation = lines.Count;
        lines.Add(Line("relation", "dup", new { fromClaimId = "c1", toClaimId = "c2", type = "supports" }));
        var duplicateUrl = lines.Count;
        lines.Add(Line("article", "a2", new { url = url + "/", title = "A2" }));
        lines.Add(Line("verdict", null, new { claimId = "c3", rating = "true", reviewer = "Desk" }));
        lines.AddRange(Enumerable.Range(0, batch).Select(i => Line("source", $"g{i}", new { name = $"Filler2 {tag} {i}", kind = "outlet" })));
        var duplicateOfBatch2 = lines.Count;
        lines.Add(Line("relation", "dup2", new { fromClaimId = "c3", toClaimId = "c4", type = "denies" }));
        lines.Add(Line("relation", "r3", new { fromClaimId = "c4", toClaimId = "c1", type = "refutes" }));

        var body = await (await Import(editor, [.. lines])).AssertJson(HttpStatusCode.OK);
        var rejected = body.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToArray();
        Assert.Equal([duplicateRelation + 1, duplicateUrl + 1, duplicateOfBatch2 + 1], rejected);
        var ids = body.GetProperty("refs").EnumerateArray().ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.Id());
        var c3 = await (await editor.GetAsync($"/v1/claims/{ids["c3"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ids["last1"], c3.GetProperty("speakerId").GetInt64());
        Assert.Equal(ids["a1"], c3.GetProperty("articleId").GetInt64());
        Assert.Equal("true", c3.GetProperty("status").GetString());
        var rel = await (await editor.GetAsync($"/v1/relations?claimId={ids["c4"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, rel.GetProperty("items").GetArrayLength());
        var r1 = await (await editor.GetAsync($"/v1/relations?claimId={ids["c2"]}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ids["c1"], Assert.Single(r1.GetProperty("items").EnumerateArray()).GetProperty("fromClaimId").GetInt64());
    }

    private static Task<HttpResponseMessage> Import(HttpClient client, params string[] lines)
    {
        var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        return client.PostAsync("/v1/imports/ndjson", content);
    }

    private static string Line(string entity, string? name, object data) =>
        JsonSerializer.Serialize(new { entity, @ref = name, data }, HttpAssertions.Json);
}
