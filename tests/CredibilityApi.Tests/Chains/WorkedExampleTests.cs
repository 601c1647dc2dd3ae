using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Chains;

/// <summary>DESIGN.md's worked example, end to end over the demo data.</summary>
public sealed class WorkedExampleTests : IDisposable
{
    private readonly ApiFactory api = new ApiFactory().With("Demo:Load", "true");

    public void Dispose() => api.Dispose();

    [Fact]
    public async Task TheIsnaDenialIsAgainstTheBloombergWithdrawalClaim()
    {
        var claims = await Claims();
        var withdrawal = claims.Single(c => c.GetProperty("subject").GetString() == "irgc-withdrawal-from-syria");
        var denial = claims.Single(c => c.GetProperty("stance").GetString() == "denies");
        var rift = claims.Single(c => c.GetProperty("subject").GetString() == "iran-russia-rift" && c.Id() != denial.Id());

        var chain = await Get($"/v1/claims/{withdrawal.Id()}/chain");

        Assert.Equal([denial.Id()], chain.GetProperty("sides").GetProperty("against").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(new[] { withdrawal.Id(), rift.Id() }.Order(),
            chain.GetProperty("sides").GetProperty("with").EnumerateArray().Select(x => x.GetInt64()).Order());
        var path = Assert.Single(chain.GetProperty("paths").EnumerateArray());
        Assert.Equal([withdrawal.Id(), rift.Id(), denial.Id()], path.GetProperty("claims").EnumerateArray().Select(x => x.GetInt64()));
        var denialNode = chain.GetProperty("nodes").EnumerateArray().Single(n => n.Id() == denial.Id());
        var names = chain.GetProperty("sources").EnumerateArray().ToDictionary(s => s.Id(), s => s.GetProperty("name").GetString());
        Assert.Equal(["Hossein Amir-Abdollahian", "ISNA", "Baladi News"],
            denialNode.GetProperty("attribution").EnumerateArray().Select(id => names[id.GetInt64()]));
    }

    [Fact]
    public async Task TheMoscowVisitIsAgainstTheWoundReportsAndItsProvenanceIsFourHops()
    {
        var claims = await Claims();
        var wounded = claims.Single(c => c.GetProperty("subject").GetString() == "soleimani-wounded");
        var visit = claims.Single(c => c.GetProperty("subject").GetString() == "soleimani-moscow-visit");

        var chain = await Get($"/v1/claims/{wounded.Id()}/chain");
        Assert.Equal([visit.Id()], chain.GetProperty("sides").GetProperty("against").EnumerateArray().Select(x => x.GetInt64()));

        var provenance = await Get($"/v1/claims/{visit.Id()}/provenance");
        Assert.Equal(
            ["Unnamed European diplomats", "Nahrain Net", "Tasnim News Agency", "Baladi News"],
            provenance.GetProperty("hops").EnumerateArray().Select(h => h.GetProperty("source").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task TroopNumbersAreTwoGroupsAndThreeContradictionsAreOpen()
    {
        var subject = await Get("/v1/subjects/iran-troops-in-syria");
        var values = subject.GetProperty("groups").EnumerateArray()
            .Select(g => g.GetProperty("quantity").GetProperty("value").GetDouble()).Order();
        Assert.Equal([2000d, 7000d], values);

        var open = await Get("/v1/contradictions?status=open");
        Assert.Equal(["refutes", "contradicts", "denies"],
            open.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("relation").GetProperty("type").GetString()));
    }

    private async Task<List<JsonElement>> Claims() =>
        [.. (await Get("/v1/claims?limit=500")).GetProperty("items").EnumerateArray()];

    private async Task<JsonElement> Get(string url) =>
        await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);
}
