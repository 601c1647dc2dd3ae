namespace CredibilityApi.Http;

/// <summary>
/// PublicBaseUrl: the address clients reach the service at, the base of every URL the service
/// writes into an answer (a ClaimReview's url for a verdict recorded without one). It is never
/// taken from a request's Host header, which the caller chooses. Checked at start-up.
/// </summary>
public sealed class PublicBaseUrlOptions
{
    public const string Key = "PublicBaseUrl";

    /// <summary>Where <c>dotnet run</c> listens unless told otherwise.</summary>
    public const string Default = "http://localhost:5000";

    public string Value { get; set; } = Default;

    /// <summary>The configured URL without a trailing slash, ready for "/v1/...".</summary>
    public string Base => Value.TrimEnd('/');

    public static bool IsValid(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && uri.UserInfo.Length == 0
        && !value.Contains('?', StringComparison.Ordinal)
        && !value.Contains('#', StringComparison.Ordinal);
}

public static class PublicBaseUrl
{
    public static IServiceCollection AddPublicBaseUrl(this IServiceCollection services)
    {
        services.AddOptions<PublicBaseUrlOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                options.Value = configuration[PublicBaseUrlOptions.Key] is { Length: > 0 } value ? value.Trim() : PublicBaseUrlOptions.Default)
            .Validate(
                options => PublicBaseUrlOptions.IsValid(options.Value),
                $"{PublicBaseUrlOptions.Key} must be an absolute http or https URL without user info, query or fragment, such as https://credibility.example.org.")
            .ValidateOnStart();
        return services;
    }
}
