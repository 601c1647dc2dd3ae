using CredibilityApi.Http;
using Dapper;

namespace CredibilityApi.Data;

/// <summary>The ids that are stored: the resolver of requests that arrive over HTTP.</summary>
public sealed class StoredReferences(Db db) : IReferenceResolver
{
    public async Task<IReadOnlySet<long>> ExistingAsync(ReferenceKind kind, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new HashSet<long>();
        }
        var table = kind switch
        {
            ReferenceKind.Source => "sources",
            ReferenceKind.Article => "articles",
            _ => "claims",
        };
        return (await db.ReadAsync(c => c.QueryAsync<long>($"SELECT id FROM {table} WHERE id IN @ids", new { ids }), ct)).ToHashSet();
    }
}
