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

    /// <summary>
    /// The first property name given twice in one object, and the depth of that object (1 for the top level);
    /// null when there is none or the JSON does not read that far.
    /// </summary>
    public static (string Name, int Depth)? RepeatedProperty(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        // the names seen so far in each open object; null for an open array
        var open = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        open.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName when !open.Peek()!.Add(reader.GetString()!):
                        return (reader.GetString()!, open.Count);
                }
            }
        }
        catch (JsonException)
        {
            // malformed: the parse reports it
        }
        catch (InvalidOperationException)
        {
            // half a surrogate pair: checked before
        }
        return null;
    }
}
