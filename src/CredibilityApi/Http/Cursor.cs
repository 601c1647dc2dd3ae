using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CredibilityApi.Http;

/// <summary>
/// Opaque keyset cursors: the key of the last item of a page, base64url-encoded. Clients pass
/// them back unchanged; anything that does not decode is a 400 naming <c>cursor</c>.
/// </summary>
public static class Cursor
{
    private const string Prefix = "k1:";

    public static string Encode(long lastId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastId.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? cursor, out long lastId)
    {
        lastId = 0;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out lastId)
            && lastId > 0;
    }
}
