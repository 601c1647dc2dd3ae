using System.Text.Json;

namespace CredibilityApi.Http;

/// <summary>Checks on raw JSON the importers read themselves, before any tree is built from it.</summary>
public static class JsonText
{
    /// <summary>
    /// True when a name or string escapes half a surrogate pair ("\ud800" alone): valid UTF-8 and
    /// valid JSON tokens, but no text, so reading it later would throw. Malformed JSON is left to
    /// the parse that follows, which reports it.
    /// </summary>
    public static bool HasHalfSurrogate(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
