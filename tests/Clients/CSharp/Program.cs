// A scenario through the Kiota-generated client against a running service: the client is
// generated from the committed openapi/credibility-api.json, so a contract change that breaks
// it fails here first (at compile time) and a behaviour change fails the checks below.
//
//   CREDIBILITY_URL=http://127.0.0.1:5000 CREDIBILITY_ADMIN_KEY=... dotnet run
using CredibilityApi.Client;
using CredibilityApi.Client.Models;
using CredibilityApi.ClientScenario;
using Microsoft.Kiota.Http.HttpClientLibrary;

var baseUrl = Environment.GetEnvironmentVariable("CREDIBILITY_URL") ?? "http://localhost:5000";
var adminKey = Environment.GetEnvironmentVariable("CREDIBILITY_ADMIN_KEY");
if (string.IsNullOrEmpty(adminKey))
{
    Console.Error.WriteLine("CREDIBILITY_ADMIN_KEY is not set");
    return 2;
}

var checks = new Checks("csharp-client");
try
{
    using var http = new HttpClient();
    var admin = Client(http, baseUrl, adminKey);

    // An editor key, made with the bootstrap admin key; its secret is answered once.
    var created = await admin.V1.ApiKeys.PostAsync(new CreateApiKeyRequest { Name = "client scenario (C#)", Role = ApiKeyRole.Editor });
    checks.That(created?.Role == ApiKeyRole.Editor && !string.IsNullOrEmpty(created.Key), "POST /v1/api-keys answers an editor key with its secret");
    var editor = Client(http, baseUrl, created!.Key!);

    var bloomberg = await editor.V1.Sources.PostAsync(new CreateSourceRequest { Name = "Bloomberg", Kind = SourceKind.Outlet, Country = "US" });
    var isna = await editor.V1.Sources.PostAsync(new CreateSourceRequest
    {
        Name = "ISNA",
        Kind = SourceKind.Outlet,
        Country = "IR",
        Aliases = [new SourceAlias { Text = "وكالة إيسنا", Language = "ar" }],
    });
    checks.That(bloomberg?.Id > 0 && isna?.Id > 0 && isna.Kind == SourceKind.Outlet, "POST /v1/sources answers the created sources");

    var claim = await editor.V1.Claims.PostAsync(new CreateClaimRequest
    {
        Text = "Iran is pulling IRGC troops out of Syria.",
        Language = "en",
        SpeakerId = bloomberg!.Id,
        Subject = "iran-troops-in-syria",
        Stance = Stance.Asserts,
    });
    var denial = await editor.V1.Claims.PostAsync(new CreateClaimRequest
    {
        Text = "نائب وزير الخارجية الإيراني ينفي سحب القوات من سوريا",
        Language = "ar",
        SpeakerId = isna!.Id,
        Subject = "iran-troops-in-syria",
        Stance = Stance.Denies,
    });
    checks.That(claim?.Stance == Stance.Asserts && denial?.Stance == Stance.Denies, "POST /v1/claims answers both claims with their stances");

    var relation = await editor.V1.Relations.PostAsync(new CreateRelationRequest
    {
        FromClaimId = denial!.Id,
        ToClaimId = claim!.Id,
        Type = RelationType.Denies,
    });
    checks.That(relation?.Type == RelationType.Denies && relation.Opposing == true, "POST /v1/relations records the denial as opposing");

    // Reads are public by default: the chain is read with the editor key all the same.
    var chain = await editor.V1.Claims[claim.Id!.Value].Chain.GetAsync(r => r.QueryParameters.Depth = 4);
    checks.That(chain?.Root == claim.Id, "GET /v1/claims/{id}/chain is rooted at the claim");
    checks.That(chain?.Sides?.Against?.Contains(denial.Id) == true, "the denial is on the chain's against side");
    checks.That(chain?.Sides?.With?.Contains(claim.Id) == true && chain.Sides.Conflicted?.Count == 0, "the claim itself is with, nothing conflicted");
    checks.That(
        chain?.Edges?.Any(e => e.FromClaimId == denial.Id && e.ToClaimId == claim.Id && e.Type == RelationType.Denies) == true,
        "the chain's edges hold the denies relation");

    // Bad input: a problem document whose errors name the field.
    try
    {
        await editor.V1.Sources.PostAsync(new CreateSourceRequest { Name = "Nahrain Net", Kind = SourceKind.Outlet, Country = "Iraq" });
        checks.That(false, "POST /v1/sources with country 'Iraq' is refused");
    }
    catch (HttpValidationProblemDetails problem)
    {
        checks.That(problem.ResponseStatusCode == 400 && problem.Status == 400, "a bad country answers 400");
        var fields = problem.Errors?.AdditionalData.Keys ?? [];
        checks.That(fields.Contains("country"), $"the problem's errors name the field 'country' (got: {string.Join(", ", fields)})");
    }
}
// A call the scenario did not expect to fail: count it and stop, the later steps depend on it.
catch (Microsoft.Kiota.Abstractions.ApiException e)
{
    var problem = e switch
    {
        HttpValidationProblemDetails p => $"{p.Title} {string.Join(", ", p.Errors?.AdditionalData.Keys ?? [])}",
        ProblemDetails p => $"{p.Title} {p.Detail}",
        _ => e.Message,
    };
    checks.That(false, $"unexpected failure: {e.ResponseStatusCode} {problem}");
}
catch (HttpRequestException e)
{
    checks.That(false, $"unexpected failure: {e.Message}");
}

return checks.Report();

static CredibilityClient Client(HttpClient http, string baseUrl, string key) =>
    new(new HttpClientRequestAdapter(new BearerKey(key), httpClient: http) { BaseUrl = baseUrl.TrimEnd('/') });
