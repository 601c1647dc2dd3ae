using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CredibilityApi.Text;

namespace CredibilityApi.Tools;

/// <summary>
/// <c>CredibilityApi.Tools categorical --url &lt;base&gt; --key &lt;admin key&gt; [--objects 1000] [--sources 300]
/// [--copier-groups 10] [--copiers 5] [--seed 17]</c>: makes a <see cref="CategoricalCorpus"/>, loads it into a running
/// service through its NDJSON import (each source an outlet, each answer a claim with a subject and a
/// <c>value</c>), reads <c>GET /v1/subjects/{object}</c> for every object and prints the share whose
/// <c>estimate.answer</c> names the true answer's people (<see cref="CategoricalCorpus.Matches"/>), beside
/// majority vote and a plain Beta-weighted vote computed here on the same answers, grouped as the
/// service groups them (folded values equal) and scored by the same rule.
/// </summary>
public static class CategoricalCommand
{
    private const int LinesPerImport = 2_000;

    public static bool IsRequested(string[] args) => args is ["categorical", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        if (!options.TryGetValue("url", out var url) || !options.TryGetValue("key", out var key))
        {
            await Console.Error.WriteLineAsync("usage: CredibilityApi.Tools categorical --url <base> --key <admin key> [--objects N] [--sources N] [--copier-groups N] [--copiers N] [--seed S]");
            return 2;
        }
        int Option(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var corpus = new CategoricalCorpus(Option("objects", 1000), Option("sources", 300), Option("copier-groups", 10), Option("copiers", 5), Option("seed", 17));
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Subject(int o) => $"categorical-{tag}-{o}";

        using var client = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var ids = new long[corpus.Sources.Count];
        foreach (var chunk in Enumerable.Range(0, corpus.Sources.Count).Chunk(LinesPerImport))
        {
            var refs = await ImportAsync(client, json, chunk.Select(s => Line("source", $"s{s}", new { name = $"{corpus.Sources[s].Name} {tag}", kind = "outlet" })));
            foreach (var s in chunk)
            {
                ids[s] = refs[$"s{s}"];
            }
        }
        foreach (var chunk in corpus.Answers.Chunk(LinesPerImport))
        {
            await ImportAsync(client, json, chunk.Select(a => Line("claim", null, new
            {
                text = $"{Subject(a.Item)}: {a.Value}",
                speakerId = ids[a.Source],
                subject = Subject(a.Item),
                language = "en",
                value = a.Value,
            })));
        }
        var rightClaims = corpus.Answers.Count(a => CategoricalCorpus.Matches(a.Value, corpus.Truth[a.Item]));
        var reachable = corpus.Answers.Where(a => CategoricalCorpus.Matches(a.Value, corpus.Truth[a.Item])).Select(a => a.Item).Distinct().Count();
        var distinct = corpus.Answers.Select(a => (a.Item, TextFold.Key(a.Value))).Distinct().Count();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{corpus.Sources.Count} sources, {corpus.Answers.Count} claims ({(double)rightClaims / corpus.Answers.Count:F3} right) in {distinct} distinct folded values on {corpus.Objects} objects ({reachable} with a right answer) loaded in {clock.Elapsed.TotalSeconds:F1} s"));

        // Beliefs are computed in the background: read until they are as of a moment after the last write.
        var written = DateTimeOffset.UtcNow;
        while (true)
        {
            var view = await client.GetFromJsonAsync<JsonElement>($"v1/subjects/{Subject(corpus.Answers[0].Item)}", json);
            if (view.GetProperty("computedAt") is { ValueKind: JsonValueKind.String } at && at.GetDateTimeOffset() >= written)
            {
                break;
            }
            await Task.Delay(200);
        }
        var answered = corpus.Answers.Select(a => a.Item).Distinct().ToList();
        var correct = 0;
        foreach (var o in answered)
        {
            var view = await client.GetFromJsonAsync<JsonElement>($"v1/subjects/{Subject(o)}", json);
            if (view.GetProperty("estimate") is { ValueKind: JsonValueKind.Object } e && e.GetProperty("answer").GetString() is { } answer
                && CategoricalCorpus.Matches(answer, corpus.Truth[o]))
            {
                correct++;
            }
        }
        var (majority, beta) = (Score(corpus, answered, Majority(corpus)), Score(corpus, answered, BetaVote(corpus)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"exact accuracy on {answered.Count} objects: engine {(double)correct / answered.Count:F3}; majority vote {majority:F3}; Beta-weighted vote {beta:F3}; {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>Majority vote on folded answers; ties to the smaller folded answer.</summary>
    public static Dictionary<int, string> Majority(CategoricalCorpus corpus) => Vote(corpus, _ => 1);

    /// <summary>
    /// A plain Beta-weighted vote: each source weighs the mean of Beta(1 + agreements, 1 + disagreements)
    /// with the current answers (majority vote to start), re-estimated ten times.
    /// </summary>
    public static Dictionary<int, string> BetaVote(CategoricalCorpus corpus)
    {
        var answers = Majority(corpus);
        for (var round = 0; round < 10; round++)
        {
            var (agree, total) = (new double[corpus.Sources.Count], new double[corpus.Sources.Count]);
            foreach (var a in corpus.Answers)
            {
                total[a.Source]++;
                agree[a.Source] += TextFold.Key(a.Value) == answers[a.Item] ? 1 : 0; // agreement as the service groups: folded values equal
            }
            answers = Vote(corpus, s => (1 + agree[s]) / (2 + total[s]));
        }
        return answers;
    }

    private static Dictionary<int, string> Vote(CategoricalCorpus corpus, Func<int, double> weight) =>
        corpus.Answers.GroupBy(a => a.Item).ToDictionary(
            g => g.Key,
            g => g.GroupBy(a => TextFold.Key(a.Value), StringComparer.Ordinal)
                .Select(v => (Key: v.Key, Weight: v.Sum(a => weight(a.Source))))
                .OrderByDescending(v => v.Weight).ThenBy(v => v.Key, StringComparer.Ordinal).First().Key);

    private static double Score(CategoricalCorpus corpus, List<int> objects, Dictionary<int, string> answers) =>
        (double)objects.Count(o => CategoricalCorpus.Matches(answers[o], corpus.Truth[o])) / objects.Count;

    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);

    private static string Line(string entity, string? name, object data) =>
        JsonSerializer.Serialize(new { entity, @ref = name, data }, LineJson);

    /// <summary>One NDJSON import; answers the refs it created, failing on any rejected line.</summary>
    private static async Task<Dictionary<string, long>> ImportAsync(HttpClient client, JsonSerializerOptions json, IEnumerable<string> lines)
    {
        using var content = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        using var response = await client.PostAsync("v1/imports/ndjson", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(json);
        if (!response.IsSuccessStatusCode || body.GetProperty("rejected").GetArrayLength() > 0)
        {
            throw new HttpRequestException($"import: {(int)response.StatusCode} {body}");
        }
        return body.GetProperty("refs").EnumerateArray().ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.GetProperty("id").GetInt64());
    }
}
