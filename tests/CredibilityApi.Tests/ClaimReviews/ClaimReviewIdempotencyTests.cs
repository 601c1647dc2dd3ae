using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.ClaimReviews;

/// <summary>An Idempotency-Key on the ClaimReview import: a retry after a lost answer gets that answer, and imports nothing again.</summary>
public sealed class ClaimReviewIdempotencyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Import = "/v1/imports/claimreview";

    [Fact]
    public async Task ARetryWithTheSameKeyReplaysTheFirstAnswer()
    {
        var editor = await api.Editor();
        var key = Guid.NewGuid().ToString();
        var body = Review($"https://example.org/check/{key}", $"A claim checked once {key}").ToJsonString();

        var first = await Post(editor, body, key);
        var text = await first.Content.ReadAsStringAsync();
        var answer = await first.AssertJson(HttpStatusCode.OK);
        var retry = await Post(editor, body, key);

        Assert.Equal(1, answer.GetProperty("created").GetInt32());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotency-Replayed")));
        Assert.Equal(text, await retry.Content.ReadAsStringAsync());
        var claim = answer.GetProperty("items")[0].GetProperty("claimId").GetInt64();
        var verdicts = await (await editor.GetAsync($"/v1/claims/{claim}/verdicts")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(1, verdicts.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsUnprocessableAndImportsNothing()
    {
        var editor = await api.Editor();
        var key = Guid.NewGuid().ToString();
        await (await Post(editor, Review($"https://example.org/check/{key}", "First body").ToJsonString(), key)).AssertJson(HttpStatusCode.OK);

        var other = await Post(editor, Review($"https://example.org/check/{key}/other", "Another body").ToJsonString(), key);

        var problem = await other.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["Idempotency-Key"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray());
        var found = await (await editor.GetAsync($"/v1/claims?q={Uri.EscapeDataString("Another body")}")).AssertJson(HttpStatusCode.OK);
        Assert.Empty(found.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AKeyOfMoreThanTwoHundredCharactersIsABadRequest()
    {
        var editor = await api.Editor();
        var body = Review($"https://example.org/check/{Guid.NewGuid():N}", "Keyed too long").ToJsonString();

        var response = await Post(editor, body, new string('k', 201));

        await response.AssertValidationProblem("Idempotency-Key");
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Import) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static JsonObject Review(string url, string claim) => new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "ClaimReview",
        ["url"] = url,
        ["claimReviewed"] = claim,
        ["datePublished"] = "2015-11-05",
        ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Misbar" },
        ["reviewRating"] = new JsonObject { ["@type"] = "Rating", ["alternateName"] = "False" },
        ["itemReviewed"] = new JsonObject
        {
            ["@type"] = "Claim",
            ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = "Unnamed speaker" },
            ["datePublished"] = "2015-11-02",
        },
    };
}
