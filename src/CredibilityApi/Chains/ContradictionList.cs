using CredibilityApi.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Reads;
using Dapper;

namespace CredibilityApi.Chains;

/// <summary>
/// The open and resolved contradictions, newest first, answered from the read model: the graph
/// gives the opposing relations in id order (or, with a subject, those touching its claims), the
/// index each claim's subject, stance, status and speaker. What the index leaves in the database (a
/// claim's text, a relation's ends and time) comes from the read model's row cache, and from the
/// database on a miss; the subject's claims and the since bound are one indexed lookup each.
/// </summary>
public sealed class ContradictionList(Db db, ReadModel model, BeliefEngine beliefs)
{
    public async Task<ContradictionPage> ListAsync(ContradictionQuery query, CancellationToken ct)
    {
        var limit = Paging.Take(query.Limit);
        var before = Cursor.TryDecode(query.Cursor, out var last) ? last : long.MaxValue;
        var status = query.Status is null ? (ContradictionStatus?)null : EnumText<ContradictionStatus>.Parse(query.Status);
        var atLeast = 1L;
        if (query.Since is { } since)
        {
            // From the first relation of any type recorded at or after the time; none, no page.
            var first = await db.ReadAsync(
                c => c.ExecuteScalarAsync<long?>("SELECT min(id) FROM relations WHERE created_at >= @Since", new { Since = Time.Store(since) }), ct);
            if (first is null)
            {
                return new ContradictionPage(limit, [], new Dictionary<long, string>(), model.Index, beliefs.Current());
            }
            atLeast = first.Value;
        }
        var onSubject = query.Subject is not { } subject ? null
            : await db.ReadAsync(async c => (await c.QueryAsync<long>("SELECT id FROM claims WHERE subject = @subject", new { subject })).AsList(), ct);

        var (graph, index) = await model.CurrentAsync(ct);
        var found = new List<RelationRow>(limit + 1);
        if (onSubject is not null)
        {
            var ids = graph.Read(g => OpposingAround(g, onSubject, before, atLeast));
            foreach (var chunk in ids.Chunk(Math.Max(64, limit + 1)))
            {
                if (Take(found, await model.Rows.RelationsAsync(chunk, ct), index, status, limit + 1))
                {
                    break;
                }
            }
        }
        else
        {
            // Newest first, a few more than the page at a time (a status filter skips some).
            var batch = new List<long>();
            var below = before;
            do
            {
                var wanted = (limit + 1 - found.Count) * (status is null ? 1 : 4);
                graph.Read(g =>
                {
                    g.OpposingBefore(below, atLeast, Math.Max(wanted, 16), batch);
                    return batch.Count;
                });
                if (batch.Count == 0)
                {
                    break;
                }
                below = batch[^1];
            }
            while (!Take(found, await model.Rows.RelationsAsync(batch, ct), index, status, limit + 1));
        }

        var texts = await model.Rows.TextsAsync(found.SelectMany(r => new[] { r.From, r.To }), ct);
        return new ContradictionPage(limit, found, texts, index, beliefs.Current());
    }

    /// <summary>The opposing relations touching any of <paramref name="claims"/> within the bounds, newest first. Call inside the graph's read lock.</summary>
    private static List<long> OpposingAround(ClaimGraph graph, List<long> claims, long before, long atLeast)
    {
        var ids = new HashSet<long>();
        var edges = new List<GraphEdge>();
        foreach (var claim in claims)
        {
            graph.Neighbours(claim, edges);
            foreach (var edge in edges)
            {
                if (edge.Opposing && edge.RelationId < before && edge.RelationId >= atLeast)
                {
                    ids.Add(edge.RelationId);
                }
            }
        }
        var newestFirst = ids.ToList();
        newestFirst.Sort((a, b) => b.CompareTo(a));
        return newestFirst;
    }

    /// <summary>
    /// Adds to <paramref name="found"/> the relations whose claims both exist and match the status
    /// filter, in order, up to <paramref name="want"/>; true once it has that many.
    /// </summary>
    private static bool Take(List<RelationRow> found, List<RelationRow> rows, ClaimIndex index, ContradictionStatus? status, int want) =>
        index.Read(x =>
        {
            foreach (var row in rows)
            {
                if (found.Count >= want)
                {
                    break;
                }
                if (x.StatusOf(row.From) is not { } from || x.StatusOf(row.To) is not { } to)
                {
                    continue;
                }
                var open = from == ClaimStatus.Unrated && to == ClaimStatus.Unrated;
                if (status is null || open == (status == ContradictionStatus.Open))
                {
                    found.Add(row);
                }
            }
            return found.Count >= want;
        });
}
