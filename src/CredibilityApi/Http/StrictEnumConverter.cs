using System.Text.Json.Serialization;

namespace CredibilityApi.Http;

/// <summary>
/// Enums travel only as their kebab-case names: a number such as <c>"kind": 1</c> is refused,
/// because its meaning would hang on the order the values happen to be declared in.
/// </summary>
public sealed class StrictEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
