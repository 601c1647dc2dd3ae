using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CredibilityApi.Data;

namespace CredibilityApi.Http;

/// <summary>
/// Reads a JSON request body into its request type with the serializer options the framework binds
/// with, but where the serializer stops at the first field that does not convert, this goes on and
/// names every one: each field of the wrong type (an enum listing its values), each unknown field,
/// in nested objects and arrays too. What did convert is bound all the same, so the request's
/// validator can report the rest of the body's faults in the same problem.
/// </summary>
public static class JsonBody
{
    public const string UnknownField = "is not a field of this request.";

    /// <summary>
    /// <see cref="Value"/> when every field converted; otherwise <see cref="Errors"/> by camelCase path
    /// (<c>aliases[0].text</c>, <c>body</c> for the whole) and, in <see cref="Value"/>, the request built
    /// from the fields that converted (null when none can be built).
    /// </summary>
    public sealed record Read(object? Value, Dictionary<string, string[]>? Errors);

    public static Read Parse(ReadOnlyMemory<byte> body, Type type, JsonSerializerOptions options)
    {
        if (body.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }
        var info = options.GetTypeInfo(type);
        if (body.IsEmpty)
        {
            return Failed("body", "is required.");
        }
        // Nearly every body converts: the serializer alone decides, as when the framework binds.
        try
        {
            var value = JsonSerializer.Deserialize(body.Span, info);
            return value is null ? Failed("body", "is required.") : new Read(value, null);
        }
        catch (JsonException)
        {
            // read again below, field by field, to name every field that does not convert
        }
        // A field given twice is refused by the serializer, not left to whichever value came last.
        if (JsonText.RepeatedProperty(body.Span, options.MaxDepth) is { } repeated)
        {
            return Failed(repeated.Name, "is given more than once.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions
            {
                MaxDepth = options.MaxDepth,
                AllowTrailingCommas = options.AllowTrailingCommas,
                CommentHandling = options.ReadCommentHandling,
            });
        }
        catch (JsonException e)
        {
            return Failed("body", $"is not valid JSON, or nests deeper than {options.MaxDepth} levels (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        using (document)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var walk = new Walk(options, errors);
            walk.Node(document.RootElement, info, "", out var converted);
            if (errors.Count == 0)
            {
                // The serializer refused something the walk could not place: name the body as a whole.
                return Failed("body", "could not be read as this request.");
            }
            return new Read(Partial(converted, errors, info), errors);
        }
    }

    /// <summary>The request from what converted: dropped fields are left out, dropped array items null.</summary>
    private static object? Partial(JsonNode? converted, Dictionary<string, string[]> errors, JsonTypeInfo info)
    {
        if (converted is not JsonObject root)
        {
            return null;
        }
        if (TryDeserialize(root, info, out var value))
        {
            return value;
        }
        // A nulled item of a list of numbers does not convert: leave out every top-level field with a fault.
        foreach (var key in root.Select(p => p.Key).ToList())
        {
            if (errors.Keys.Any(error => Within(error, key)))
            {
                root.Remove(key);
            }
        }
        return TryDeserialize(root, info, out value) ? value : null;
    }

    private static bool TryDeserialize(JsonNode node, JsonTypeInfo info, out object? value)
    {
        try
        {
            value = node.Deserialize(info);
            return value is not null;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>Whether the field <paramref name="path"/> is <paramref name="field"/> or inside it (<c>aliases[0].text</c> is inside <c>aliases</c>).</summary>
    public static bool Within(string path, string field) =>
        path.StartsWith(field, StringComparison.Ordinal)
        && (path.Length == field.Length || path[field.Length] is '.' or '[');

    private static Read Failed(string field, string message) =>
        new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private sealed class Walk(JsonSerializerOptions options, Dictionary<string, string[]> errors)
    {
        private readonly StringComparison names = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        /// <summary>
        /// The element as far as it converts to <paramref name="info"/>'s type, in <paramref name="node"/>;
        /// false when it does not convert at all (its faults recorded under <paramref name="path"/>).
        /// </summary>
        public bool Node(JsonElement element, JsonTypeInfo info, string path, out JsonNode? node)
        {
            node = null;
            if (Converts(element, info))
            {
                node = Copy(element);
                return true;
            }
            if (info.Kind == JsonTypeInfoKind.Object && element.ValueKind == JsonValueKind.Object)
            {
                return Object(element, info, path, out node);
            }
            if (info.Kind == JsonTypeInfoKind.Enumerable && element.ValueKind == JsonValueKind.Array && info.ElementType is { } itemType)
            {
                var itemInfo = options.GetTypeInfo(itemType);
                var array = new JsonArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    // An item that does not convert stays as null, so later items keep their index.
                    Node(item, itemInfo, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]", out var converted);
                    array.Add(converted);
                    index++;
                }
                node = array;
                return true;
            }
            Fail(path, Expected(info, element));
            return false;
        }

        private bool Object(JsonElement element, JsonTypeInfo info, string path, out JsonNode? node)
        {
            var before = errors.Count;
            var result = new JsonObject();
            foreach (var property in element.EnumerateObject())
            {
                if (!TryName(property, out var name))
                {
                    Fail(path, "holds a field name that is not text (it escapes half a surrogate pair).");
                    continue;
                }
                var field = path.Length == 0 ? name : $"{path}.{name}";
                var known = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, names));
                if (known is null)
                {
                    Fail(field, UnknownField);
                }
                else if (Node(property.Value, options.GetTypeInfo(known.PropertyType), field, out var converted))
                {
                    result[name] = converted;
                }
            }
            foreach (var required in info.Properties.Where(p => p.IsRequired))
            {
                if (!element.EnumerateObject().Any(p => string.Equals(p.Name, required.Name, names)))
                {
                    Fail(path.Length == 0 ? required.Name : $"{path}.{required.Name}", "is required.");
                }
            }
            if (errors.Count == before)
            {
                // Every field converts, yet the object does not (a rule of the type itself).
                Fail(path, "could not be read as this request.");
                node = null;
                return false;
            }
            node = result;
            return true;
        }

        private static bool TryName(JsonProperty property, out string name)
        {
            try
            {
                name = property.Name;
                return true;
            }
            catch (InvalidOperationException)
            {
                name = "";
                return false;
            }
        }

        private static bool Converts(JsonElement element, JsonTypeInfo info)
        {
            try
            {
                _ = element.Deserialize(info);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static JsonNode? Copy(JsonElement element) =>
            element.ValueKind switch
            {
                JsonValueKind.Object => JsonObject.Create(element),
                JsonValueKind.Array => JsonArray.Create(element),
                JsonValueKind.Null => null,
                _ => JsonValue.Create(element),
            };

        private void Fail(string path, string message)
        {
            var field = path.Length == 0 ? "body" : path;
            errors[field] = errors.TryGetValue(field, out var earlier) ? [.. earlier, message] : [message];
        }

        /// <summary>What a field of this type must hold, in the words a client needs to fix it.</summary>
        private static string Expected(JsonTypeInfo info, JsonElement element)
        {
            var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
            if (type.IsEnum)
            {
                return ValidationRules.OneOfMessage(EnumNames(type));
            }
            if (type == typeof(string))
            {
                return element.ValueKind == JsonValueKind.String
                    ? "must be text: it escapes half a surrogate pair."
                    : "must be a string.";
            }
            if (type == typeof(bool))
            {
                return "must be true or false.";
            }
            if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte))
            {
                return "must be a whole number.";
            }
            if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            {
                return "must be a number.";
            }
            if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            {
                return "must be a date and time such as 2015-11-02T18:00:00Z.";
            }
            if (type == typeof(DateOnly))
            {
                return "must be a date such as 2015-11-02.";
            }
            return info.Kind switch
            {
                JsonTypeInfoKind.Enumerable => "must be an array.",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "must be an object.",
                _ => "has a value of the wrong type.",
            };
        }

        private static IReadOnlyCollection<string> EnumNames(Type type) =>
            (IReadOnlyCollection<string>)typeof(EnumText<>).MakeGenericType(type)
                .GetProperty(nameof(EnumText<>.All))!.GetValue(null)!;
    }
}
