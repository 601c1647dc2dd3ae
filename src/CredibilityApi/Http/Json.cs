using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CredibilityApi.Http;

public static class Json
{
    /// <summary>camelCase, string enums (declared on each enum), and unknown fields refused rather than silently dropped.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // "Name" is not "name": with unknown fields refused, a miscased field is refused too.
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        // Arabic (and every other script) as itself, not \uXXXX. The relaxed encoder is for JSON
        // consumed as data (never pasted into HTML by this service); quotes and controls stay escaped.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.MaxDepth = 32;
        // A field given twice would leave which value counts to the parser: refused instead.
        options.AllowDuplicateProperties = false;
        // Source-generated metadata for the hot chain views; everything else by reflection.
        options.TypeInfoResolverChain.Insert(0, Chains.ChainsJson.Default);
    }
}
