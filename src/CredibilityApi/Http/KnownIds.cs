using FluentValidation;

namespace CredibilityApi.Http;

/// <summary>
/// Ids a caller already knows to exist, handed to validators through the validation context so
/// they skip the database look-up: an import's lines name rows of a batch not yet committed.
/// </summary>
public static class KnownIds
{
    private const string Key = "knownIds";

    public static void Set(IValidationContext context, IReadOnlySet<long> ids) => context.RootContextData[Key] = ids;

    public static bool Contains<T>(ValidationContext<T> context, long? id) =>
        id is { } value && context.RootContextData.TryGetValue(Key, out var known) && known is IReadOnlySet<long> ids && ids.Contains(value);
}
