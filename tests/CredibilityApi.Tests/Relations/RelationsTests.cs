using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Relations;

public sealed class RelationsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("denies", true)]
    [InlineData("contradicts", true)]
    [InlineData("refutes", true)]
    [InlineData("supports", false)]
    [InlineData("corroborates", false)]
    public async Task PostingRelationSaysWhetherItsTypeOpposes(string type, bool opposing)
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);

        var response = await editor.PostJson("/v1/relations", new
        {
            fromClaimId = denial,
            toClaimId = report,
            type,
            note = "نفى نائب وزير الخارجية ما نقلته بلومبرج",
        });

        var created = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal($"/v1/relations/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(denial, created.GetProperty("fromClaimId").GetInt64());
        Assert.Equal(report, created.GetProperty("toClaimId").GetInt64());
        Assert.Equal(type, created.GetProperty("type").GetString());
        Assert.Equal(opposing, created.GetProperty("opposing").GetBoolean());
        Assert.Equal("نفى نائب وزير الخارجية ما نقلته بلومبرج", created.GetProperty("note").GetString());
    }

    [Fact]
    public async Task GettingRelationReturnsItWithItsETag()
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);
        var created = await Seed.Relation(editor, denial, report, "denies");

        var response = await api.Anonymous().GetAsync($"/v1/relations/{created.Id()}");

        var read = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(created.Id(), read.Id());
        Assert.Equal(denial, read.GetProperty("fromClaimId").GetInt64());
        Assert.Equal(report, read.GetProperty("toClaimId").GetInt64());
        Assert.Equal("denies", read.GetProperty("type").GetString());
        Assert.True(read.GetProperty("opposing").GetBoolean());
        Assert.Equal(created.GetProperty("createdAt").GetDateTimeOffset(), read.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task PostingRelationFromClaimToItselfReturnsProblem()
    {
        var editor = await api.Editor();
        var (denial, _) = await TwoClaims(editor);

        var response = await editor.PostJson("/v1/relations", new { fromClaimId = denial, toClaimId = denial, type = "denies" });

        await response.AssertValidationProblem("toClaimId");
    }

    [Fact]
    public async Task PostingTheSameRelationTwiceReturnsConflict()
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);
        await Seed.Relation(editor, denial, report, "denies");

        var response = await editor.PostJson("/v1/relations", new { fromClaimId = denial, toClaimId = report, type = "denies" });

        await response.AssertProblem(HttpStatusCode.Conflict);
        var listed = await List($"/v1/relations?claimId={denial}");
        Assert.Equal(1, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task PostingAnotherTypeOrTheOtherDirectionForTheSamePairIsAllowed()
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);
        var denies = await Seed.Relation(editor, denial, report, "denies");

        var contradicts = await editor.PostJson("/v1/relations", new { fromClaimId = denial, toClaimId = report, type = "contradicts" });
        var reverse = await editor.PostJson("/v1/relations", new { fromClaimId = report, toClaimId = denial, type = "denies" });

        var second = await contradicts.AssertJson(HttpStatusCode.Created);
        var third = await reverse.AssertJson(HttpStatusCode.Created);
        Assert.Equal([denies.Id(), second.Id(), third.Id()], Ids(await List($"/v1/relations?claimId={denial}")));
    }

    [Fact]
    public async Task PostingRelationBetweenUnknownClaimsNamesBothEnds()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/relations", new { fromClaimId = 987_654_321, toClaimId = 987_654_322, type = "refutes" });

        await response.AssertValidationProblem("fromClaimId", "toClaimId");
    }

    [Fact]
    public async Task PostingRelationToUnknownClaimNamesOnlyThatEnd()
    {
        var editor = await api.Editor();
        var (denial, _) = await TwoClaims(editor);

        var response = await editor.PostJson("/v1/relations", new { fromClaimId = denial, toClaimId = 987_654_321, type = "refutes" });

        await response.AssertValidationProblem("toClaimId");
    }

    [Fact]
    public async Task PostingRelationFromUnknownClaimNamesOnlyThatEnd()
    {
        var editor = await api.Editor();
        var (_, report) = await TwoClaims(editor);

        var response = await editor.PostJson("/v1/relations", new { fromClaimId = 987_654_321, toClaimId = report, type = "refutes" });

        await response.AssertValidationProblem("fromClaimId");
    }

    [Fact]
    public async Task PostingRelationWithoutTypeReturnsProblem()
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);

        var response = await editor.PostJson("/v1/relations", new { fromClaimId = denial, toClaimId = report });

        await response.AssertValidationProblem("type");
    }

    [Fact]
    public async Task PostingRelationWithUnknownTypeReturnsProblem()
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);

        var response = await editor.PostJson("/v1/relations", new { fromClaimId = denial, toClaimId = report, type = "disagrees" });

        await response.AssertValidationProblem("type");
    }

    [Fact]
    public async Task ListingRelationsOfClaimReturnsThoseAtEitherEndAndNoOthers()
    {
        var editor = await api.Editor();
        var (a, b) = await TwoClaims(editor);
        var (c, d) = await TwoClaims(editor);
        var outgoing = await Seed.Relation(editor, a, b, "denies");
        var incoming = await Seed.Relation(editor, c, a, "supports");
        await Seed.Relation(editor, b, c, "contradicts");
        await Seed.Relation(editor, d, b, "corroborates");
        var backToA = await Seed.Relation(editor, d, a, "refutes");

        var page = await List($"/v1/relations?claimId={a}");

        Assert.Equal([outgoing.Id(), incoming.Id(), backToA.Id()], Ids(page));
        Assert.All(page.GetProperty("items").EnumerateArray(), relation =>
            Assert.True(relation.GetProperty("fromClaimId").GetInt64() == a || relation.GetProperty("toClaimId").GetInt64() == a));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task ListingRelationsOfClaimPagesWithNextCursor()
    {
        var editor = await api.Editor();
        var (hub, first) = await TwoClaims(editor);
        var created = new List<long> { (await Seed.Relation(editor, hub, first, "denies")).Id() };
        for (var i = 0; i < 4; i++)
        {
            var (other, _) = await TwoClaims(editor);
            // Alternate the direction, so both halves of the filter take part in paging.
            created.Add((i % 2 == 0
                ? await Seed.Relation(editor, other, hub, "supports")
                : await Seed.Relation(editor, hub, other, "contradicts")).Id());
        }

        var seen = new List<long>();
        var pages = new List<int>();
        string? cursor = null;
        do
        {
            var page = await List($"/v1/relations?claimId={hub}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(Ids(page));
            pages.Add(page.GetProperty("items").GetArrayLength());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task DeletingRelationRemovesItOnce()
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);
        var relation = await Seed.Relation(editor, denial, report, "denies");

        var deleted = await editor.Delete($"/v1/relations/{relation.Id()}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await api.Anonymous().GetAsync($"/v1/relations/{relation.Id()}")).AssertProblem(HttpStatusCode.NotFound);
        await (await editor.Delete($"/v1/relations/{relation.Id()}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(Ids(await List($"/v1/relations?claimId={denial}")));
    }

    [Fact]
    public async Task DeletingRelationWithItsETagRemovesIt()
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);
        var relation = await Seed.Relation(editor, denial, report, "refutes");

        var deleted = await editor.Delete($"/v1/relations/{relation.Id()}", "\"1\"");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await api.Anonymous().GetAsync($"/v1/relations/{relation.Id()}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingRelationWithStaleETagReturnsPreconditionFailedAndKeepsIt()
    {
        var editor = await api.Editor();
        var (denial, report) = await TwoClaims(editor);
        var relation = await Seed.Relation(editor, denial, report, "denies");

        var response = await editor.Delete($"/v1/relations/{relation.Id()}", "\"9\"");

        await response.AssertProblem(HttpStatusCode.PreconditionFailed);
        var read = await (await api.Anonymous().GetAsync($"/v1/relations/{relation.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(relation.Id(), read.Id());
    }

    [Fact]
    public async Task GettingUnknownRelationReturnsNotFoundProblem()
    {
        var response = await api.Anonymous().GetAsync("/v1/relations/987654321");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    /// <summary>The deputy minister's denial and Bloomberg's report it answers, as two fresh claims.</summary>
    private static async Task<(long Denial, long Report)> TwoClaims(HttpClient editor)
    {
        var subject = Unique.Subject("iran-russia-rift");
        var deputy = await Seed.Source(editor, "حسين أمير عبد اللهيان", kind: "person");
        var bloomberg = await Seed.Source(editor, "Bloomberg");
        var denial = await Seed.Claim(editor, deputy.Id(), Baladi.Denial, subject, stance: "denies");
        var report = await Seed.Claim(editor, bloomberg.Id(), Baladi.BloombergReport, subject);
        return (denial.Id(), report.Id());
    }

    private async Task<JsonElement> List(string url) =>
        await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);

    private static long[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.Id())];
}
