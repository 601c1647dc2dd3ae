using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CredibilityApi.Tools;

/// <summary>
/// <c>CredibilityApi.Tools speakers --url &lt;base&gt; --key &lt;admin key&gt; [--speakers 600 --parties 8 --seed 7]</c>:
/// the speaker-credibility development benchmark through the HTTP API. Generates <see cref="SpeakerCorpus"/>,
/// imports the parties, the speakers (each with its party as affiliationId), and the training statements
/// with their topics and verdicts by one NDJSON import, then ranks every test statement by its speaker's
/// score as the service gives it, and prints the AUC of three rankings: the plain Beta score of the speaker's
/// own record (from the evidence the answer reports), the service's score (with the affiliation prior), and
/// the mean of the speaker's service scores on the statement's topics (?topic=). Use a fresh database.
/// </summary>
public static class SpeakersCommand
{
    private const int Concurrency = 8;

    public static bool IsRequested(string[] args) => args is ["speakers", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        if (!options.TryGetValue("url", out var url) || !options.TryGetValue("key", out var key))
        {
            await Console.Error.WriteLineAsync("usage: CredibilityApi.Tools speakers --url <base> --key <admin key> [--speakers N] [--parties N] [--seed S]");
            return 2;
        }
        int Option(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var corpus = new SpeakerCorpus(Option("speakers", 600), Option("parties", 8), Option("seed", 7));
        var tag = Guid.NewGuid().ToString("N")[..8];

        using var client = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var lines = new StringBuilder();
        void Line(string entity, string? name, object data) =>
            lines.Append(JsonSerializer.Serialize(new { entity, @ref = name, data }, json)).Append('\n');
        foreach (var party in corpus.Parties)
        {
            Line("source", $"p{party.Index}", new { name = $"{party.Name} {tag}", kind = "organization" });
        }
        foreach (var speaker in corpus.Speakers)
        {
            Line("source", $"s{speaker.Index}", new { name = $"{speaker.Name} {tag}", kind = "person", affiliationId = $"p{speaker.Party}" });
        }
        var training = corpus.Statements.Where(s => !s.Test).ToList();
        foreach (var statement in training)
        {
            Line("claim", $"c{statement.Index}", new
            {
                text = $"Statement {statement.Index} {tag}",
                speakerId = $"s{statement.Speaker}",
                topics = statement.Topics.Select(t => SpeakerCorpus.Topics[t]).ToArray(),
            });
            Line("verdict", null, new { claimId = $"c{statement.Index}", rating = statement.Rating, reviewer = "Synthetic desk" });
        }
        using var content = new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson");
        using var imported = await client.PostAsync("v1/imports/ndjson", content);
        var answer = await imported.Content.ReadFromJsonAsync<JsonElement>(json);
        if (!imported.IsSuccessStatusCode || answer.GetProperty("rejected").GetArrayLength() > 0)
        {
            await Console.Error.WriteLineAsync($"import failed: {(int)imported.StatusCode} {answer}");
            return 1;
        }
        var ids = answer.GetProperty("refs").EnumerateArray()
            .ToDictionary(r => r.GetProperty("ref").GetString()!, r => r.GetProperty("id").GetInt64(), StringComparer.Ordinal);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{corpus.Parties.Count} parties, {corpus.Speakers.Count} speakers, {training.Count} training statements imported in {clock.Elapsed.TotalSeconds:F1} s"));

        var test = corpus.Statements.Where(s => s.Test).ToList();
        var speakers = test.Select(s => s.Speaker).Distinct().ToList();
        var overall = new Dictionary<int, (double Plain, double Score)>();
        var answers = await ForEachAsync(speakers, async s =>
        {
            var body = await client.GetFromJsonAsync<JsonElement>($"v1/sources/{ids[$"s{s}"]}/credibility", json);
            var evidence = body.GetProperty("evidence");
            var method = body.GetProperty("method");
            var (alpha, beta) = (method.GetProperty("priorAlpha").GetDouble(), method.GetProperty("priorBeta").GetDouble());
            var plain = (alpha + evidence.GetProperty("weightedTrue").GetDouble()) / (alpha + beta + evidence.GetProperty("weight").GetDouble());
            return (plain, body.GetProperty("score").GetDouble());
        });
        for (var i = 0; i < speakers.Count; i++)
        {
            overall[speakers[i]] = answers[i];
        }
        var pairs = test.SelectMany(s => s.Topics.Select(t => (s.Speaker, Topic: t))).Distinct().ToList();
        var topicScores = await ForEachAsync(pairs, async p =>
        {
            var topic = Uri.EscapeDataString(SpeakerCorpus.Topics[p.Topic]);
            var body = await client.GetFromJsonAsync<JsonElement>($"v1/sources/{ids[$"s{p.Speaker}"]}/credibility?topic={topic}", json);
            return body.GetProperty("score").GetDouble();
        });
        var byTopic = pairs.Select((p, i) => (p, topicScores[i])).ToDictionary(x => x.p, x => x.Item2);

        var labels = test.Select(s => s.Positive).ToArray();
        var thin = test.Select(s => training.Count(t => t.Speaker == s.Speaker) < 5).ToArray();
        void Report(string name, double[] scores)
        {
            var thinLabels = labels.Where((_, i) => thin[i]).ToArray();
            var thinScores = scores.Where((_, i) => thin[i]).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-34} AUC {Auc(scores, labels):F3}   (speakers with < 5 training statements: {Auc(thinScores, thinLabels):F3}, {thinScores.Length} statements)"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{test.Count} test statements, {labels.Count(l => l)} positive"));
        Report("plain Beta score", [.. test.Select(s => overall[s.Speaker].Plain)]);
        Report("with affiliation prior", [.. test.Select(s => overall[s.Speaker].Score)]);
        Report("with affiliation prior and topics", [.. test.Select(s => s.Topics.Average(t => byTopic[(s.Speaker, t)]))]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>The area under the ROC curve: the chance a positive outranks a negative, ties counting half (by ranks).</summary>
    public static double Auc(double[] scores, bool[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = ((i + j) / 2.0) + 1;
            }
            i = j + 1;
        }
        var positives = labels.Count(l => l);
        var negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        var sum = ranks.Where((_, i) => labels[i]).Sum();
        return (sum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    private static async Task<T[]> ForEachAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, Task<T>> work)
    {
        var results = new T[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (i, _) => results[i] = await work(items[i]));
        return results;
    }
}
