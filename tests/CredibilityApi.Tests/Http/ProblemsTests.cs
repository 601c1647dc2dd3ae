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
}
