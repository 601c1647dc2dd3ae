using System.Globalization;
using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Text;

namespace CredibilityApi.Tests.Extraction;

/// <summary>
/// The development set (DevSet/README.md): each page through the import's dry run, its proposals matched
/// one for one to the hand-made reading beside it, and precision and recall per page and in total.
/// </summary>
public static class DevSetReading
{
    public static readonly string Folder = Path.Combine(Repository.Root, "tests", "CredibilityApi.Tests", "Extraction", "DevSet");

    public static IEnumerable<string> Pages(bool heldOut) =>
        Directory.GetFiles(Folder, "*.txt")
            .Where(p => Path.GetFileName(p).StartsWith("holdout-", StringComparison.Ordinal) == heldOut)
            .Order(StringComparer.Ordinal);

    /// <summary>Records the sources DevSet/sources.json lists.</summary>
    public static async Task SeedSources(HttpClient editor)
    {
        using var listed = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "sources.json")));
        foreach (var source in listed.RootElement.EnumerateArray())
        {
            var aliases = source.GetProperty("aliases").EnumerateArray()
                .Select(a => a.GetString()!)
                .Select(a => new { text = a, language = a.Any(c => c is >= '\u0600' and <= '\u06FF') ? "ar" : "en" })
                .ToArray();
            await Seed.Source(editor, source.GetProperty("name").GetString(), source.GetProperty("kind").GetString()!, aliases);
        }
    }

    public static async Task<Score> Read(HttpClient client, string page)
    {
        var analysis = await (await client.PostText("/v1/articles/import?dryRun=true", await File.ReadAllTextAsync(page))).AssertJson(HttpStatusCode.OK);
        using var reading = JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(page, ".json")));
        var expected = reading.RootElement.GetProperty("claims").EnumerateArray().Select(e => e.Clone()).ToList();
        var proposals = analysis.GetProperty("claims").EnumerateArray().ToList();
        var taken = new bool[proposals.Count];
        var matched = 0;
        var missed = new List<string>();
        foreach (var claim in expected)
        {
            var found = Enumerable.Range(0, proposals.Count).FirstOrDefault(i => !taken[i] && Matches(claim, proposals[i]), -1);
            if (found >= 0)
            {
                taken[found] = true;
                matched++;
            }
            else
            {
                missed.Add(claim.GetRawText());
            }
        }
        var extra = Enumerable.Range(0, proposals.Count).Where(i => !taken[i]).Select(i => Describe(proposals[i])).ToList();
        return new Score(Path.GetFileNameWithoutExtension(page), matched, proposals.Count, expected.Count, missed, extra);
    }

    private static bool Matches(JsonElement expected, JsonElement proposal)
    {
        if (!SameSource(expected.GetProperty("speaker").GetString()!, proposal.GetProperty("speaker")))
        {
            return false;
        }
        var via = expected.GetProperty("via").EnumerateArray().Select(v => v.GetString()!).ToList();
        var proposedVia = proposal.GetProperty("via").EnumerateArray().ToList();
        if (via.Count != proposedVia.Count || via.Where((v, i) => !SameSource(v, proposedVia[i])).Any())
        {
            return false;
        }
        if (expected.GetProperty("stance").GetString() != proposal.GetProperty("stance").GetString())
        {
            return false;
        }
        if (expected.TryGetProperty("number", out var number) && number.ValueKind == JsonValueKind.Number
            && !(proposal.GetProperty("quantity") is { ValueKind: JsonValueKind.Object } quantity
                 && quantity.GetProperty("value").GetDouble() == number.GetDouble()))
        {
            return false;
        }
        var contains = expected.TryGetProperty("contains", out var words) ? words.GetString()! : "";
        return TextFold.Fold(proposal.GetProperty("text").GetString()).Contains(TextFold.Fold(contains), StringComparison.Ordinal);
    }

    /// <summary>Anonymous matches anonymous; names match when the folded words of one are all among the other's.</summary>
    private static bool SameSource(string expected, JsonElement proposed)
    {
        var kind = proposed.GetProperty("kind").GetString();
        if (expected == "anonymous" || kind == "anonymous")
        {
            return expected == "anonymous" && kind == "anonymous";
        }
        var a = Words(expected);
        var b = Words(proposed.GetProperty("name").GetString()!);
        return a.Count > 0 && b.Count > 0 && (a.IsSubsetOf(b) || b.IsSubsetOf(a));
    }

    private static HashSet<string> Words(string name) =>
        TextFold.Words(name).Select(w => w.Folded).Where(w => w is not ("the" or "ال")).ToHashSet(StringComparer.Ordinal);

    private static string Describe(JsonElement p) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{p.GetProperty("speaker").GetProperty("name")} [{string.Join(" < ", p.GetProperty("via").EnumerateArray().Select(v => v.GetProperty("name").GetString()))}] {p.GetProperty("stance")} {p.GetProperty("quantity")}: {p.GetProperty("text")}");

    public sealed record Score(string Page, int Matched, int Proposed, int Expected, IReadOnlyList<string> Missed, IReadOnlyList<string> Extra)
    {
        public double Precision => Proposed == 0 ? 1 : (double)Matched / Proposed;

        public double Recall => Expected == 0 ? 1 : (double)Matched / Expected;
    }

    public static (double Precision, double Recall, string Report) Total(IReadOnlyList<Score> scores)
    {
        var matched = scores.Sum(s => s.Matched);
        var proposed = scores.Sum(s => s.Proposed);
        var expected = scores.Sum(s => s.Expected);
        var precision = proposed == 0 ? 1 : (double)matched / proposed;
        var recall = expected == 0 ? 1 : (double)matched / expected;
        var lines = scores.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Page,-32} precision {s.Precision:F2} ({s.Matched}/{s.Proposed})  recall {s.Recall:F2} ({s.Matched}/{s.Expected})")
            + string.Concat(s.Missed.Select(m => "\n    missed " + m)) + string.Concat(s.Extra.Select(e => "\n    extra  " + e)))
            .Append(string.Create(CultureInfo.InvariantCulture,
                $"TOTAL {scores.Count} pages: precision {precision:F3} ({matched}/{proposed})  recall {recall:F3} ({matched}/{expected})"));
        return (precision, recall, string.Join('\n', lines));
    }
}
