using System.Data;
using Dapper;

namespace CredibilityApi.Data;

/// <summary>The ids that are stored: the resolver of requests that arrive over HTTP.</summary>
public sealed class StoredReferences(Db db) : IReferenceResolver
{
    /// <summary>Whether the row is stored, inside the caller's connection (and transaction, if any).</summary>
    public static Task<bool> ExistsAsync(IDbConnection c, ReferenceKind kind, long id, IDbTransaction? tx = null) =>
        c.ExecuteScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {Table(kind)} WHERE id = @id)", new { id }, tx);

    public async Task<IReadOnlySet<long>> ExistingAsync(ReferenceKind kind, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new HashSet<long>();
        }
        return (await db.ReadAsync(c => c.QueryAsync<long>($"SELECT id FROM {Table(kind)} WHERE id {c.In("@ids")}", new { ids }), ct)).ToHashSet();
    }

    private static string Table(ReferenceKind kind) => kind switch
    {
        ReferenceKind.Source => "sources",
        ReferenceKind.Article => "articles",
        _ => "claims",
    };
}
