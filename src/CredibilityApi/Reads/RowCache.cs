using System.Data.Common;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Reads;

/// <summary>A relation as a list of them shows it: its ends, its type and when it was recorded.</summary>
public readonly record struct RelationRow(long Id, long From, long To, RelationType Type, DateTimeOffset CreatedAt);

/// <summary>
/// What the index leaves in the database (a claim's text, a relation's ends and time) for the
/// claims and relations read lately: a list's first pages, read again and again, are answered
/// without a query. Bounded (<see cref="Capacity"/> of each, emptied when full) and filled from
/// the database on a miss; <see cref="ReadModel"/> forgets what the change feed names in the same
/// catch-up that updates the index, so a read sees every write acknowledged before it.
/// </summary>
public sealed class RowCache(Db db)
{
    /// <summary>At most this many claim texts and this many relations are held.</summary>
    public const int Capacity = 8_192;

    private static readonly string TypeCase = EnumText<RelationType>.SqlNumber("type");

    private readonly Lock gate = new();
    private readonly Dictionary<long, RelationRow> relations = [];
    private readonly Dictionary<long, string> texts = [];
    // Grows whenever something is forgotten: a fill read before it may hold the old row.
    private long generation;

    /// <summary>
    /// The relations among <paramref name="ids"/> that exist, in the order asked, from memory or
    /// (for the rest) from the database.
    /// </summary>
    public async Task<List<RelationRow>> RelationsAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        var found = await FindAsync(relations, ids, ReadRelations, ct);
        var ordered = new List<RelationRow>(found.Count);
        foreach (var id in ids)
        {
            if (found.TryGetValue(id, out var row))
            {
                ordered.Add(row);
            }
        }
        return ordered;
    }

    /// <summary>The texts of the claims among <paramref name="ids"/> that exist, from memory or (for the rest) from the database.</summary>
    public Task<Dictionary<long, string>> TextsAsync(IEnumerable<long> ids, CancellationToken ct) =>
        FindAsync(texts, ids, ReadTexts, ct);

    /// <summary>The rows of <paramref name="ids"/> held in <paramref name="cache"/>, the rest read with <paramref name="read"/> and kept.</summary>
    private async Task<Dictionary<long, T>> FindAsync<T>(
        Dictionary<long, T> cache, IEnumerable<long> ids, Func<DbConnection, List<long>, List<KeyValuePair<long, T>>> read,
        CancellationToken ct)
    {
        var found = new Dictionary<long, T>();
        var missing = new HashSet<long>();
        long seen;
        lock (gate)
        {
            seen = generation;
            foreach (var id in ids)
            {
                if (cache.TryGetValue(id, out var row))
                {
                    found[id] = row;
                }
                else
                {
                    missing.Add(id);
                }
            }
        }
        if (missing.Count > 0)
        {
            var rows = await db.ReadAsync(c => Task.FromResult(read(c, [.. missing])), ct);
            foreach (var (id, row) in rows)
            {
                found[id] = row;
            }
            Keep(seen, cache, rows);
        }
        return found;
    }

    /// <summary>Forgets the claims and relations the change feed named (the read model's catch-up calls it).</summary>
    internal void Forget(IReadOnlyCollection<long> claimIds, IReadOnlyCollection<long> relationIds)
    {
        if (claimIds.Count == 0 && relationIds.Count == 0)
        {
            return;
        }
        lock (gate)
        {
            generation++;
            foreach (var id in claimIds)
            {
                texts.Remove(id);
            }
            foreach (var id in relationIds)
            {
                relations.Remove(id);
            }
        }
    }

    /// <summary>Keeps rows read from the database, unless something was forgotten since the read began.</summary>
    private void Keep<T>(long seen, Dictionary<long, T> into, IEnumerable<KeyValuePair<long, T>> rows)
    {
        lock (gate)
        {
            if (generation != seen)
            {
                return;
            }
            foreach (var (id, row) in rows)
            {
                if (into.Count >= Capacity)
                {
                    into.Clear();
                }
                into[id] = row;
            }
        }
    }

    private static List<KeyValuePair<long, RelationRow>> ReadRelations(DbConnection connection, List<long> ids)
    {
        var read = new List<KeyValuePair<long, RelationRow>>(ids.Count);
        foreach (var chunk in ids.Chunk(500))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, from_claim_id, to_claim_id, {TypeCase}, created_at FROM relations WHERE id IN ({string.Join(',', chunk)})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new RelationRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (RelationType)reader.GetInt32(3), Time.Read(reader.GetString(4)));
                read.Add(KeyValuePair.Create(row.Id, row));
            }
        }
        return read;
    }

    private static List<KeyValuePair<long, string>> ReadTexts(DbConnection connection, List<long> ids)
    {
        var read = new List<KeyValuePair<long, string>>(ids.Count);
        foreach (var chunk in ids.Chunk(500))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, text FROM claims WHERE id IN ({string.Join(',', chunk)})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                read.Add(KeyValuePair.Create(reader.GetInt64(0), reader.GetString(1)));
            }
        }
        return read;
    }
}
