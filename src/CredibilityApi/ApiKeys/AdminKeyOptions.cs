using Microsoft.Extensions.Options;

namespace CredibilityApi.ApiKeys;

/// <summary>
/// The operator's admin key. By the product's contract it comes from the environment variable
/// CREDIBILITY_ADMIN_KEY rather than a configuration section; it is read here only and checked
/// at start-up, before anything is written: a guessable admin secret must not open the service.
/// </summary>
public sealed class AdminKeyOptions
{
    /// <summary>The secret, or null when the variable is unset or empty.</summary>
    public string? Secret { get; set; }

    public static IServiceCollection AddAdminKey(IServiceCollection services)
    {
        services.AddOptions<AdminKeyOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                options.Secret = configuration[ApiKeyStore.BootstrapName] is { Length: > 0 } secret ? secret : null)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminKeyOptions>, Check>();
        return services;
    }

    // The message names the variable and why, never the secret.
    private sealed class Check : IValidateOptions<AdminKeyOptions>
    {
        public ValidateOptionsResult Validate(string? name, AdminKeyOptions options) =>
            options.Secret is { } secret && ApiKeyStore.AdminSecretProblem(secret) is { } problem
                ? ValidateOptionsResult.Fail(problem)
                : ValidateOptionsResult.Success;
    }
}
