using System.Globalization;
using System.Security.Claims;

namespace CredibilityApi.Http;

/// <summary>Who is writing: the API key of the request, or null for the service itself (demo load, bootstrap).</summary>
public sealed record Actor(long? KeyId)
{
    public static Actor System { get; } = new((long?)null);

    public static Actor From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? long.Parse(id, CultureInfo.InvariantCulture)
            : null);
}
