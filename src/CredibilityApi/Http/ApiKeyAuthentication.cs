using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CredibilityApi.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Http;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>. The key's hash is looked up on every request, so a
/// revoked key stops working at once. Roles nest: an admin is also an editor and a reader.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <key>'.");
        }

        var key = await keys.FindActiveAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
        };
        claims.AddRange(Roles.Implied(key.Role).Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblem("An API key is required: send 'Authorization: Bearer <key>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblem("This API key's role may not do this.");
    }

    private async Task WriteProblem(string title)
    {
        var result = await AuthenticateAsync();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = result.Failure?.Message },
        });
    }
}

public static class Roles
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static IEnumerable<string> Implied(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Admin => [Admin, Editor, Reader],
        ApiKeyRole.Editor => [Editor, Reader],
        _ => [Reader],
    };
}

/// <summary>
/// The policies endpoints name: public-or-reader reads, editor writes, admin operations, and
/// operational telemetry (metrics), which is public while reads are and for admins otherwise.
/// </summary>
public static class Policies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public const string Telemetry = "telemetry";

    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        // The core services and the one scheme, not AddAuthentication(): that also registers Data
        // Protection, whose key ring (for cookies and antiforgery tokens) a bearer-key API never uses.
        services.AddAuthenticationCore(options => options.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName);
        services.AddWebEncoders();
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, policy => policy.RequireAssertion(context =>
                context.User.IsInRole(Roles.Reader) || (context.Resource is HttpContext http && PublicReads(http))))
            .AddPolicy(Write, policy => policy.RequireRole(Roles.Editor))
            .AddPolicy(Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Telemetry, policy => policy.RequireAssertion(context =>
                context.User.IsInRole(Roles.Admin) || (context.Resource is HttpContext http && PublicReads(http))));
        return services;
    }

    private static bool PublicReads(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.PublicReads;
}

/// <summary>
/// The <c>Auth</c> section, read at start-up: PublicReads (default true) lets anyone read; false asks
/// readers for a key too. A value that is not a boolean stops start-up.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public bool PublicReads { get; set; } = true;
}
