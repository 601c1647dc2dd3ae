using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace CredibilityApi.Data;

/// <summary>
/// The kebab-case names enums travel as (in JSON, query strings and the database), read once
/// from each member's <see cref="JsonStringEnumMemberNameAttribute"/>.
/// </summary>
public static class EnumText<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> Names = Enum.GetValues<TEnum>().ToFrozenDictionary(
        v => v,
        v => typeof(TEnum).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
             ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{v} has no JSON name."));

    private static readonly FrozenDictionary<string, TEnum> Values =
        Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All { get; } = [.. Names.Values];

    public static string Name(TEnum value) => Names[value];

    public static TEnum Parse(string name) => Values[name];

    public static bool TryParse(string? name, out TEnum value) => Values.TryGetValue(name ?? string.Empty, out value);

    /// <summary>SQL mapping a column of stored names to the enum's numbers, so a reader takes an integer, not a string a row.</summary>
    public static string SqlNumber(string column) =>
        $"CASE {column} {string.Concat(Names.Select(p => $"WHEN '{p.Value}' THEN {Convert.ToInt32(p.Key, System.Globalization.CultureInfo.InvariantCulture)} "))}END";
}
