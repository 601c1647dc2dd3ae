using CredibilityApi.Data;
using CredibilityApi.Http;

namespace CredibilityApi.Imports;

/// <summary>
/// The ids an import line may name: those its refs resolved to (rows of earlier lines, committed or
/// still in the batch being written, their kind already checked with the ref) and those stored.
/// </summary>
internal sealed class ImportReferences(IReadOnlySet<long> fromRefs, StoredReferences stored) : IReferenceResolver
{
    public async Task<IReadOnlySet<long>> ExistingAsync(ReferenceKind kind, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var existing = ids.Where(fromRefs.Contains).ToHashSet();
        var others = ids.Where(id => !existing.Contains(id)).ToList();
        if (others.Count > 0)
        {
            existing.UnionWith(await stored.ExistingAsync(kind, others, ct));
        }
        return existing;
    }
}
