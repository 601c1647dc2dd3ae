using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Demo;

public sealed class DemoTests
{
    private static readonly string[] DemoSources =
    [
        "Baladi News", "ISNA", "Bloomberg", "Tasnim News Agency", "Nahrain Net", "Hossein Amir-Abdollahian",
        "Gen. Joseph Dunford", "Unnamed US officials", "Unnamed intelligence reports", "Unnamed European diplomats",
        "Western media reports",
    ];

    [Fact]
    public async Task DemoLoadsTheWorkedExampleOfTheCorpusPage()
    {
        using var api = new ApiFactory().With("Demo:Load", "true");
        var client = api.Anonymous();

        var sources = await Items(client, "/v1/sources?limit=500");
        Assert.Equal(DemoSources.Order(), sources.Select(s => s.GetProperty("name").GetString()!).Order());
        var bloomberg = sources.Single(s => s.GetProperty("name").GetString() == "Bloomberg");
        Assert.Contains(bloomberg.GetProperty("aliases").EnumerateArray(), a => a.GetProperty("text").GetString() == "بلومبرج");

        var article = Assert.Single(await Items(client, "/v1/articles"));
        Assert.Equal("طهران تنفي وجود خلافات مع موسكو بخصوص سوريا", article.GetProperty("title").GetString());
        Assert.Equal("أيمن محمد", article.GetProperty("author").GetString());
        Assert.Equal("Baladi News", article.GetProperty("publisher").GetProperty("name").GetString());
        var body = article.GetProperty("body").GetString()!;
        Assert.DoesNotContain("مقالات ذات صلة", body, StringComparison.Ordinal);
        var cited = article.GetProperty("citations").EnumerateArray().ToList();
        foreach (var name in new[] { "Bloomberg", "ISNA", "Tasnim News Agency", "Nahrain Net" })
        {
            Assert.Contains(cited, c => c.GetProperty("sourceName").GetString() == name);
        }
        foreach (var citation in cited)
        {
            var start = citation.GetProperty("start").GetInt32();
            var end = citation.GetProperty("end").GetInt32();
            Assert.Equal(citation.GetProperty("matchedAlias").GetString(), body[start..end]);
        }

        var claims = await Items(client, "/v1/claims?limit=500");
        Assert.Equal(7, claims.Count);
        var visit = claims.Single(c => c.GetProperty("subject").GetString() == "soleimani-moscow-visit");
        Assert.Equal(
            ["Unnamed European diplomats", "Nahrain Net", "Tasnim News Agency", "Baladi News"],
            visit.GetProperty("attribution").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var denial = claims.Single(c => c.GetProperty("stance").GetString() == "denies");
        Assert.Equal("Hossein Amir-Abdollahian", denial.GetProperty("attribution")[0].GetProperty("name").GetString());
        Assert.Equal("ISNA", denial.GetProperty("attribution")[1].GetProperty("name").GetString());
        var troops = claims.Where(c => c.GetProperty("subject").GetString() == "iran-troops-in-syria")
            .Select(c => c.GetProperty("quantity").GetProperty("value").GetDouble()).Order();
        Assert.Equal([2000d, 7000d], troops);

        var relations = await Items(client, "/v1/relations?limit=500");
        string SubjectOf(long id) => claims.Single(c => c.Id() == id).GetProperty("subject").GetString()!;
        var described = relations.Select(r =>
            $"{SubjectOf(r.GetProperty("fromClaimId").GetInt64())} {r.GetProperty("type").GetString()} {SubjectOf(r.GetProperty("toClaimId").GetInt64())}");
        Assert.Equal(
            new[]
            {
                "iran-russia-rift denies iran-russia-rift",
                "irgc-withdrawal-from-syria supports iran-russia-rift",
                "iran-troops-in-syria contradicts iran-troops-in-syria",
                "soleimani-moscow-visit refutes soleimani-wounded",
            }.Order(),
            described.Order());
    }

    [Fact]
    public async Task LoadingTheDemoTwiceDoesNotDuplicateIt()
    {
        var path = ApiFactory.NewDatabasePath();
        try
        {
            using (var first = ApiFactory.Over(path).With("Demo:Load", "true"))
            {
                Assert.Equal(HttpStatusCode.OK, (await first.Anonymous().GetAsync("/readyz")).StatusCode);
            }
            using var second = ApiFactory.Over(path).With("Demo:Load", "true");
            var client = second.Anonymous();

            Assert.Equal(11, (await Items(client, "/v1/sources?limit=500")).Count);
            Assert.Single(await Items(client, "/v1/articles?limit=500"));
            Assert.Equal(7, (await Items(client, "/v1/claims?limit=500")).Count);
            Assert.Equal(4, (await Items(client, "/v1/relations?limit=500")).Count);
        }
        finally
        {
            ApiFactory.DeleteDatabase(path);
        }
    }

    private static async Task<List<JsonElement>> Items(HttpClient client, string url) =>
        [.. (await (await client.GetAsync(url)).AssertJson(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];
}
