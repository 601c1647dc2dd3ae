using CredibilityApi.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Reads;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using Dapper;

namespace CredibilityApi.Chains;

/// <summary>The read side fact-checkers come for: chains, provenance, subjects, suggestions (contradictions: <see cref="ContradictionList"/>).</summary>
public sealed class ChainQueries(Db db, ReadModel model, CredibilityEngine credibility, BeliefEngine beliefs)
{
    /// <summary>A subject view lists at most this many claims (the first by id); its claimCount counts them all.</summary>
    public const int MaxSubjectClaims = 5_000;

    /// <summary>Suggestions list at most this many (the best); every claim on the subject is weighed.</summary>
    public const int MaxSuggestions = 50;

    /// <summary>The chain around a claim, answered from memory: the graph for the walk, the index for the nodes.</summary>
    public async Task<ChainAnswer?> GetChainAsync(long id, int depth, CancellationToken ct)
    {
        var (graph, index) = await model.CurrentAsync(ct);
        if (!index.Read(x => x.TryHead(id, out _)))
        {
            return null;
        }
        var walk = graph.Read(g => ChainWalk.Walk(g, id, depth));
        var believed = beliefs.Current();
        return new ChainAnswer(id, depth, walk, index, believed);
    }

    public async Task<ProvenanceResponse?> GetProvenanceAsync(long id, CancellationToken ct)
    {
        var (_, index) = await model.CurrentAsync(ct);
        if (index.Read(x => x.AttributionOf(id)) is not { } attribution)
        {
            return null;
        }
        var scores = await credibility.SummariesAsync(attribution.Sources.Select(s => s.Id), ct);
        var hops = attribution.Sources
            .Select((source, i) => new ProvenanceHop(
                i,
                i == 0 ? HopRole.Speaker : i <= attribution.Relays ? HopRole.Relay : HopRole.Publisher,
                source,
                scores[source.Id]))
            .ToList();
        return new ProvenanceResponse(id, hops);
    }

    public async Task<SubjectResponse?> GetSubjectAsync(string subject, double tolerance, CancellationToken ct)
    {
        var (count, claims) = await db.ReadAsync(async c =>
        {
            var count = await c.ExecuteScalarAsync<int>("SELECT count(*) FROM claims WHERE subject = @subject", new { subject });
            var ids = (await c.QueryAsync<long>(
                "SELECT id FROM claims WHERE subject = @subject ORDER BY id LIMIT @Max", new { subject, Max = MaxSubjectClaims })).ToList();
            return (count, await ClaimStore.LoadAsync(c, ids));
        }, ct);
        if (claims.Count == 0)
        {
            return null;
        }
        var (_, index) = await model.CurrentAsync(ct);
        var believed = beliefs.Current();
        var estimated = index.Read(x => x.SubjectNumber(subject) is { } number && believed.Estimate(number) is { } e
            ? (e, Unit: e.Unit > 0 ? x.UnitOf(e.Unit) : null)
            : ((Estimated Estimate, string? Unit)?)null);
        SubjectEstimate? estimate = null;
        if (estimated is ({ } e, var unit))
        {
            var belief = Math.Round(e.Belief, 6);
            if (e.Unit == BeliefInputs.Categorical)
            {
                // Named by the option's first claim, as it wrote the value (the view may not list it).
                var first = claims.Find(c => c.Id == e.Claim) ?? (await db.ReadAsync(c => ClaimStore.LoadAsync(c, [e.Claim]), ct)).SingleOrDefault();
                estimate = first?.Value is { } answer ? new SubjectEstimate(null, null, answer, belief) : null;
            }
            else
            {
                estimate = new SubjectEstimate(e.Value, claims
                    .Select(c => c.Quantity)
                    .FirstOrDefault(q => q is not null && q.Value == e.Value && string.Equals(q.Unit.Trim(), unit, StringComparison.OrdinalIgnoreCase))?.Unit.Trim()
                    ?? unit ?? "", null, belief);
            }
        }
        return new SubjectResponse(subject, Math.Max(count, claims.Count), SubjectGroups.Build(claims, tolerance, believed), estimate, believed.AsOf,
            Truncated: count > claims.Count);
    }

    public async Task<SuggestionsResponse?> GetSuggestionsAsync(long id, double tolerance, CancellationToken ct)
    {
        return await db.ReadAsync<SuggestionsResponse?>(async c =>
        {
            var claim = (await ClaimStore.LoadAsync(c, [id])).SingleOrDefault();
            if (claim is null)
            {
                return null;
            }
            if (claim.Subject is null)
            {
                return new SuggestionsResponse(id, []);
            }
            // Every claim on the subject is weighed, read as the few columns a suggestion needs.
            var candidates = $"""
                SELECT c.id, {EnumText<Stance>.SqlNumber("c.stance")} AS stance, c.quantity_value, c.quantity_unit, c.quantity_as_of
                FROM claims c
                WHERE c.subject = @Subject AND c.id <> @id
                  AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.from_claim_id = @id AND r.to_claim_id = c.id)
                  AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.to_claim_id = @id AND r.from_claim_id = c.id)
                ORDER BY c.id
                """;
            var found = new List<Suggestion>();
            await using (var reader = await c.ExecuteReaderAsync(candidates, new { claim.Subject, id }))
            {
                while (await reader.ReadAsync(ct))
                {
                    var quantity = reader.IsDBNull(2) ? null
                        : new Quantity(reader.GetDouble(2), reader.GetString(3), Time.ReadDate(reader.IsDBNull(4) ? null : reader.GetString(4)));
                    if (SubjectGroups.Suggest(claim, reader.GetInt64(0), (Stance)reader.GetInt32(1), quantity, tolerance) is { } suggestion)
                    {
                        found.Add(suggestion);
                    }
                }
            }
            var best = found.OrderByDescending(s => s.Score).ThenBy(s => s.ClaimId).Take(MaxSuggestions).ToList();
            return new SuggestionsResponse(id, best, Truncated: found.Count > best.Count);
        }, ct);
    }
}
