using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Credibility;

/// <summary>
/// After claim and verdict writes, scores are moved on by the claims that changed rather than
/// recomputed. Whatever the order of writes, the scores read after each must equal what a fresh
/// computation over the same database gives.
/// </summary>
public sealed class IncrementalScoresTests : IDisposable
{
    private static readonly string[] Ratings = ["true", "mostly-true", "mixed", "mostly-false", "false", "unverifiable"];

    private readonly string database = ApiFactory.NewDatabasePath();

    [Fact]
    public async Task ScoresMovedOnByEachWriteEqualAFreshComputation()
    {
        var random = new Random(20261129);
        var sources = new List<long>();
        var claims = new List<long>();
        using (var live = ApiFactory.Over(database))
        {
            var editor = await live.Editor();
            for (var i = 0; i < 6; i++)
            {
                sources.Add((await Seed.Source(editor, kind: i == 0 ? "anonymous" : "outlet")).Id());
            }
            for (var step = 0; step < 120; step++)
            {
                var pick = random.Next(10);
                if (pick < 3 || claims.Count < 4)
                {
                    var speaker = sources[random.Next(sources.Count)];
                    var via = sources.Where(s => s != speaker).OrderBy(_ => random.Next()).Take(random.Next(3)).ToArray();
                    claims.Add((await Seed.Claim(editor, speaker, via: via, stance: random.Next(4) == 0 ? "denies" : "asserts")).Id());
                }
                else if (pick < 7)
                {
                    await CredibilityTests.Verdict(editor, claims[random.Next(claims.Count)], Ratings[random.Next(Ratings.Length)],
                        DateTimeOffset.UtcNow.AddDays(-random.Next(100)));
                }
                else if (pick < 8)
                {
                    var (from, to) = (claims[random.Next(claims.Count)], claims[random.Next(claims.Count)]);
                    if (from != to)
                    {
                        // A duplicate relation is refused with 409; either answer leaves the data consistent.
                        await editor.PostJson("/v1/relations", new { fromClaimId = from, toClaimId = to, type = "denies" });
                    }
                }
                else
                {
                    var claim = claims[random.Next(claims.Count)];
                    var speaker = sources[random.Next(sources.Count)];
                    var via = sources.Where(s => s != speaker).OrderBy(_ => random.Next()).Take(random.Next(3)).ToArray();
                    (await editor.PatchJson($"/v1/claims/{claim}", new { speakerId = speaker, via })).EnsureSuccessStatusCode();
                }
                // A read after every write: the next write moves these scores on.
                (await live.Anonymous().GetAsync($"/v1/sources/{sources[random.Next(sources.Count)]}/credibility")).EnsureSuccessStatusCode();
                if (step % 20 == 19)
                {
                    Assert.Equal(await Scores(live, sources), await Fresh(sources));
                }
            }
            Assert.Equal(await Scores(live, sources), await Fresh(sources));
        }
    }

    public void Dispose() => ApiFactory.DeleteDatabase(database);

    private async Task<string[]> Fresh(IReadOnlyList<long> sources)
    {
        using var fresh = ApiFactory.Over(database);
        return await Scores(fresh, sources);
    }

    /// <summary>Each source's whole credibility answer, and the rankings, as text.</summary>
    private static async Task<string[]> Scores(ApiFactory api, IReadOnlyList<long> sources)
    {
        var client = api.Anonymous();
        var answers = new List<string>();
        foreach (var id in sources)
        {
            var credibility = await (await client.GetAsync($"/v1/sources/{id}/credibility")).AssertJson(HttpStatusCode.OK);
            answers.Add(Rounded(credibility));
        }
        var rankings = await (await client.GetAsync("/v1/credibility/rankings?minEvidence=0.1")).AssertJson(HttpStatusCode.OK);
        answers.Add(Rounded(rankings.GetProperty("items")));
        return [.. answers];
    }

    /// <summary>Sums taken apart and put back differ in the last bits; twelve digits is what a reader sees.</summary>
    private static string Rounded(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().Select(p => $"{p.Name}:{Rounded(p.Value)}")) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Rounded)) + "]",
        JsonValueKind.Number => Math.Round(element.GetDouble(), 12).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => element.GetRawText(),
    };
}
