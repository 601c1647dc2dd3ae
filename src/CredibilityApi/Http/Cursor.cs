using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CredibilityApi.Http;

/// <summary>
/// Opaque keyset cursors: the key of the last item of a page, base64url-encoded. Lists in id
/// order carry the id; ranked searches carry the rank and the id (ties on rank go by id). Clients
/// pass them back unchanged; anything that does not decode is a 400 naming <c>cursor</c>.
/// </summary>
public static class Cursor
{
    private const string Prefix = "k1:";
    private const string RankedPrefix = "r1:";

    public static string Encode(long lastId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The rank travels as the bits of the double, so the next page resumes exactly after it.</summary>
    public static string Encode(double rank, long lastId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            RankedPrefix
            + BitConverter.DoubleToInt64Bits(rank).ToString("x16", CultureInfo.InvariantCulture)
            + ":" + lastId.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? cursor, out long lastId)
    {
        lastId = 0;
        return TryRead(cursor, Prefix, out var key) && TryId(key, out lastId);
    }

    public static bool TryDecode(string? cursor, out double rank, out long lastId)
    {
        rank = 0;
        lastId = 0;
        if (!TryRead(cursor, RankedPrefix, out var key) || key.Length < 18 || key[16] != ':'
            || !long.TryParse(key.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
        {
            return false;
        }
        rank = BitConverter.Int64BitsToDouble(bits);
        return double.IsFinite(rank) && TryId(key[17..], out lastId);
    }

    private static bool TryRead(string? cursor, string prefix, out string key)
    {
        key = string.Empty;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        key = text[prefix.Length..];
        return true;
    }

    private static bool TryId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
