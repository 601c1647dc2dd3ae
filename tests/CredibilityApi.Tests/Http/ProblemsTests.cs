using System.Net;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Http;

public sealed class ProblemsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/v1/nothing-here")]
    [InlineData("/v2/sources")]
    [InlineData("/v1/sources/not-a-number")]
    public async Task UnknownRouteReturnsNotFoundProblem(string path)
    {
        var response = await api.Anonymous().GetAsync(path);

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethodReturnsMethodNotAllowedProblem()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Put, "/v1/sources/1", """{"name":"x","kind":"outlet"}""");

        await response.AssertProblem(HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["DELETE", "GET", "PATCH"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("{\"name\": \"Bloomberg\", \"kind\": \"outlet\"")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    public async Task BodyThatIsNotAJsonObjectNamesBody(string body)
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", body);

        await response.AssertValidationProblem("body");
    }

    [Fact]
    public async Task UnknownJsonFieldIsNamed()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", """{"name":"Bloomberg","kind":"outlet","colour":"red"}""");

        await response.AssertValidationProblem("colour");
    }

    [Fact]
    public async Task UnknownJsonFieldInPatchIsNamed()
    {
        var editor = await api.Editor();
        var source = await Seed.Source(editor);

        var response = await editor.SendRaw(HttpMethod.Patch, $"/v1/sources/{source.Id()}", """{"nmae":"Typo"}""");

        await response.AssertValidationProblem("nmae");
        var read = await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(source.GetRawText(), read.GetRawText());
    }

    [Theory]
    [InlineData("""{"name":5,"kind":"outlet"}""", "name")]
    [InlineData("""{"name":"Bloomberg","kind":"outlet","aliases":[{"text":7}]}""", "aliases[0].text")]
    [InlineData("""{"name":"Bloomberg","kind":"outlet","aliases":"بلومبيرغ"}""", "aliases")]
    [InlineData("""{"name":"Bloomberg","kind":"channel"}""", "kind")]
    public async Task WrongJsonTypeIsNamed(string body, string field)
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", body);

        await response.AssertValidationProblem(field);
    }

    [Fact]
    public async Task PlainTextBodyReturnsUnsupportedMediaTypeProblem()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", "name=Bloomberg", "text/plain");

        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task ProblemsCarryNoStackTrace()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", "{ this is not json");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task MissingBodyIsNamedBody(string body)
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", body);

        await response.AssertValidationProblem("body");
    }

    [Fact]
    public async Task EnumGivenAsANumberIsRefused()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", """{"name":"Numbered","kind":1}""");

        await response.AssertValidationProblem("kind");
    }

    [Fact]
    public async Task MiscasedFieldIsRefusedAsUnknown()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", """{"name":"x","kind":"outlet","Name":"y"}""");

        await response.AssertValidationProblem("Name");
    }

    [Fact]
    public async Task AFieldGivenTwiceIsNamedAsSuch()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", """{"name":"Bloomberg","name":"Reuters","kind":"outlet"}""");

        var problem = await response.AssertValidationProblem("name");
        Assert.Equal(["is given more than once."], Messages(problem, "name"));
    }

    [Fact]
    public async Task EveryBadFieldOfASourceIsNamedAtOnce()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/sources", """{"name":"","kind":"blog","country":"Iran"}""");

        var problem = await response.AssertValidationProblem("name", "kind", "country");
        Assert.Equal(["must be one of outlet, person, organization, anonymous."], Messages(problem, "kind"));
        Assert.Contains("is required.", Messages(problem, "name"));
    }

    [Fact]
    public async Task EveryBadFieldOfNestedAliasesIsNamedAtOnce()
    {
        var editor = await api.Editor();
        var source = await Seed.Source(editor);

        var post = await editor.SendRaw(HttpMethod.Post, "/v1/sources",
            """{"name":"Bloomberg","kind":1,"aliases":[{"text":7,"language":"not a tag!"},{"text":"بلومبرغ","lang":"ar"}]}""");
        var patch = await editor.SendRaw(HttpMethod.Patch, $"/v1/sources/{source.Id()}",
            """{"kind":"Outlet","country":"Iran","homepage":42}""");

        var problem = await post.AssertValidationProblem("kind", "aliases[0].text", "aliases[0].language", "aliases[1].lang");
        Assert.Equal(["must be a string."], Messages(problem, "aliases[0].text"));
        Assert.Equal(["is not a field of this request."], Messages(problem, "aliases[1].lang"));
        await patch.AssertValidationProblem("kind", "country", "homepage");
        var read = await (await api.Anonymous().GetAsync($"/v1/sources/{source.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(source.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task EveryBadFieldOfAClaimIsNamedAtOnce()
    {
        var editor = await api.Editor();

        var response = await editor.SendRaw(HttpMethod.Post, "/v1/claims", """
            {"text":"","speakerId":"abc","stance":"maybe","quantity":{"value":"many","unit":5},
             "via":[1,"x"],"claimedAt":"yesterday","language":"not a tag!","colour":"red"}
            """);

        var problem = await response.AssertValidationProblem(
            "text", "speakerId", "stance", "quantity.value", "quantity.unit", "via[1]", "claimedAt", "language", "colour");
        Assert.Equal(["must be one of asserts, denies."], Messages(problem, "stance"));
        Assert.Equal(["must be a number."], Messages(problem, "quantity.value"));
        Assert.Equal(["must be a whole number."], Messages(problem, "speakerId"));
    }

    [Fact]
    public async Task EveryBadFieldOfARelationIsNamedAtOnce()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor);
        var claim = await Seed.Claim(editor, speaker.Id());

        var wrongTypes = await editor.SendRaw(HttpMethod.Post, "/v1/relations",
            $$"""{"fromClaimId":{{claim.Id()}},"toClaimId":"x","type":"agrees","note":"\u0001"}""");
        var missing = await editor.SendRaw(HttpMethod.Post, "/v1/relations",
            """{"fromClaimId":999999999,"type":3}""");

        var problem = await wrongTypes.AssertValidationProblem("toClaimId", "type", "note");
        Assert.Equal(["must be one of denies, contradicts, refutes, supports, corroborates."], Messages(problem, "type"));
        await missing.AssertValidationProblem("fromClaimId", "toClaimId", "type");
    }

    private static string[] Messages(System.Text.Json.JsonElement problem, string field) =>
        [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString() ?? "")];
}
