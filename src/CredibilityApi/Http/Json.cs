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
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
    }
}
