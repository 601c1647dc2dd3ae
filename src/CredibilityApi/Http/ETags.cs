using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace CredibilityApi.Http;

/// <summary>
/// Entity tags are the row's version, bumped by every update: a PATCH or DELETE whose
/// If-Match names an older version is refused with 412 instead of overwriting a newer write.
/// </summary>
public static class ETags
{
    public static string For(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Set(HttpResponse response, long version) => response.Headers.ETag = For(version);

    /// <summary>True when the request carries an If-Match that does not name <paramref name="version"/>.</summary>
    public static bool IsStale(HttpRequest request, long version)
    {
        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return false;
        }
        if (!EntityTagHeaderValue.TryParseList(ifMatch, out var tags))
        {
            return true;
        }
        var current = new EntityTagHeaderValue(For(version));
        return !tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true));
    }
}
