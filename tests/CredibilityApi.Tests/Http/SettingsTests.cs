using System.Net;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Http;

/// <summary>
/// Every setting is bound to its options class and checked at start-up: a value that does not
/// convert, or is out of range, stops the service with a message naming the setting.
/// </summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Auth:PublicReads", "maybe", "Auth:PublicReads")]
    [InlineData("Limits:MaxRequestBodyBytes", "0", "Limits:MaxRequestBodyBytes")]
    [InlineData("Limits:MaxRequestBodyBytes", "lots", "Limits:MaxRequestBodyBytes")]
    [InlineData("Imports:MaxBodyBytes", "-5", "Imports:MaxBodyBytes")]
    [InlineData("Imports:MaxBodyBytes", "big", "Imports:MaxBodyBytes")]
    [InlineData("RateLimit:PermitsPerMinute", "-1", "RateLimit:PermitsPerMinute")]
    [InlineData("RateLimit:PermitsPerMinute", "many", "RateLimit:PermitsPerMinute")]
    [InlineData("Cors:AllowedOrigins:0", "not an origin", "Cors:AllowedOrigins")]
    [InlineData("Cors:AllowedOrigins", "https://dashboard.example.org, ftp://files.example.org", "Cors:AllowedOrigins")]
    [InlineData("Cors:AllowedOrigins:0", "https://dashboard.example.org/path", "Cors:AllowedOrigins")]
    [InlineData("Credibility:PriorAlpha", "0", "Credibility:PriorAlpha")]
    [InlineData("Credibility:PriorBeta", "NaN", "Credibility:PriorBeta")]
    [InlineData("Credibility:MinEvidence", "-1", "Credibility:MinEvidence")]
    [InlineData("Credibility:HalfLifeDays", "0", "Credibility:HalfLifeDays")]
    [InlineData("Credibility:RelayDecay", "1.5", "Credibility:RelayDecay")]
    [InlineData("Credibility:RelayDecay", "half", "Credibility:RelayDecay")]
    [InlineData("Demo:Load", "sometimes", "Demo:Load")]
    [InlineData("Memory:CompactAtStartup", "sometimes", "Memory:CompactAtStartup")]
    public void ABadSettingStopsStartUpNamingIt(string setting, string value, string named)
    {
        // The Backup section's checks have their own tests (BackupTests), PublicBaseUrl's too (ClaimReviewExportTests).
        var failure = ApiFactory.StartUpFailure(() => new ApiFactory().With(setting, value));

        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OriginsGivenAsOneCommaSeparatedValueAreAllowed()
    {
        using var api = new ApiFactory()
            .With("Cors:AllowedOrigins", "https://one.example.org, https://two.example.org");
        var client = api.Anonymous();

        foreach (var origin in new[] { "https://one.example.org", "https://two.example.org" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sources");
            request.Headers.Add("Origin", origin);
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task DefaultSettingsStartTheService()
    {
        using var api = new ApiFactory();

        var response = await api.Anonymous().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
