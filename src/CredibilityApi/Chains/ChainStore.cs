using CredibilityApi.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using Dapper;

namespace CredibilityApi.Chains;

/// <summary>The read side fact-checkers come for: chains, provenance, contradictions, subjects, suggestions.</summary>
public sealed class ChainStore(Db db, ClaimGraph graph, ClaimIndex index, CredibilityEngine credibility, BeliefEngine beliefs)
{
    /// <summary>A subject view reads at most this many claims.</summary>
    public const int MaxSubjectClaims = 5_000;

    private const int MaxSuggestions = 50;

    /// <summary>The chain around a claim, answered from memory: the graph for the walk, the index for the nodes.</summary>
    public async Task<ChainAnswer?> GetChainAsync(long id, int depth, CancellationToken ct)
    {
        // The graph first: every claim a relation names was committed before it, so the index,
        // synced second, knows them all.
        await graph.SyncAsync(ct);
        await index.SyncAsync(ct);
        if (!index.Read(x => x.TryHead(id, out _)))
        {
            return null;
        }
        var walk = graph.Read(g => ChainWalk.Walk(g, id, depth));
        var believed = await beliefs.CurrentAsync(ct);
        return new ChainAnswer(id, depth, walk, index, believed);
    }

    public async Task<ProvenanceResponse?> GetProvenanceAsync(long id, CancellationToken ct)
    {
        await index.SyncAsync(ct);
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

    public async Task<Page<ContradictionResponse>> ListContradictionsAsync(ContradictionQuery query, CancellationToken ct)
    {
        var limit = Paging.Take(query.Limit);
        var before = Http.Cursor.TryDecode(query.Cursor, out var last) ? last : long.MaxValue;
        var status = query.Status is null ? (ContradictionStatus?)null : EnumText<ContradictionStatus>.Parse(query.Status);
        // With a subject, start from that subject's claims (indexed); otherwise walk relations newest first.
        var bySubject = query.Subject is null ? "" : """
            AND r.id IN (
                SELECT x.id FROM claims s JOIN relations x ON x.from_claim_id = s.id WHERE s.subject = @Subject
                UNION
                SELECT x.id FROM claims s JOIN relations x ON x.to_claim_id = s.id WHERE s.subject = @Subject)
            """;
        var sql = $"""
            SELECT r.id, r.from_claim_id, r.to_claim_id, r.type, r.created_at,
                   a.text AS from_text, a.subject AS from_subject, a.stance AS from_stance, a.status AS from_status,
                   sa.id AS from_speaker_id, sa.name AS from_speaker_name, sa.kind AS from_speaker_kind,
                   b.text AS to_text, b.subject AS to_subject, b.stance AS to_stance, b.status AS to_status,
                   sb.id AS to_speaker_id, sb.name AS to_speaker_name, sb.kind AS to_speaker_kind
            FROM relations r
            JOIN claims a ON a.id = r.from_claim_id JOIN sources sa ON sa.id = a.speaker_id
            JOIN claims b ON b.id = r.to_claim_id JOIN sources sb ON sb.id = b.speaker_id
            WHERE r.id < @Before {bySubject}
              AND r.type IN ('denies', 'contradicts', 'refutes')
              AND (@Since IS NULL OR r.id >= (SELECT min(id) FROM relations WHERE created_at >= @Since))
              AND (@Open IS NULL OR (@Open = 1) = (a.status = 'unrated' AND b.status = 'unrated'))
            ORDER BY r.id DESC LIMIT @Take
            """;
        var rows = await db.ReadAsync(c => c.QueryAsync<ContradictionRow>(sql, new
        {
            Before = before,
            query.Subject,
            Since = Time.StoreOptional(query.Since),
            Open = status switch { ContradictionStatus.Open => (int?)1, ContradictionStatus.Resolved => 0, _ => null },
            Take = limit + 1,
        }), ct);
        var believed = await beliefs.CurrentAsync(ct);
        return Paging.ToPage([.. rows.Select(r => r.ToResponse(believed))], limit, r => r.Relation.Id);
    }

    public async Task<SubjectResponse?> GetSubjectAsync(string subject, double tolerance, CancellationToken ct)
    {
        var claims = await db.ReadAsync(async c =>
        {
            var ids = (await c.QueryAsync<long>(
                "SELECT id FROM claims WHERE subject = @subject ORDER BY id LIMIT @Max", new { subject, Max = MaxSubjectClaims })).ToList();
            return await ClaimStore.LoadAsync(c, ids);
        }, ct);
        if (claims.Count == 0)
        {
            return null;
        }
        var believed = await beliefs.CurrentAsync(ct);
        var estimate = index.Read(x => x.SubjectNumber(subject) is { } number && believed.Estimate(number) is { } e
            ? new SubjectEstimate(e.Value, claims
                .Select(c => c.Quantity)
                .FirstOrDefault(q => q is not null && q.Value == e.Value && string.Equals(q.Unit.Trim(), x.UnitOf(e.Unit), StringComparison.OrdinalIgnoreCase))?.Unit.Trim()
                ?? x.UnitOf(e.Unit) ?? "")
            : null);
        return new SubjectResponse(subject, claims.Count, SubjectGroups.Build(claims, tolerance, believed), estimate, believed.ComputedAt);
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
            const string candidates = """
                SELECT c.id FROM claims c
                WHERE c.subject = @Subject AND c.id <> @id
                  AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.from_claim_id = @id AND r.to_claim_id = c.id)
                  AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.to_claim_id = @id AND r.from_claim_id = c.id)
                ORDER BY c.id LIMIT @Max
                """;
            var ids = (await c.QueryAsync<long>(candidates, new { claim.Subject, id, Max = MaxSubjectClaims })).ToList();
            var others = await ClaimStore.LoadAsync(c, ids);
            var suggestions = others
                .Select(other => SubjectGroups.Suggest(claim, other, tolerance))
                .OfType<Suggestion>()
                .OrderByDescending(s => s.Score).ThenBy(s => s.ClaimId)
                .Take(MaxSuggestions)
                .ToList();
            return new SuggestionsResponse(id, suggestions);
        }, ct);
    }

    private sealed class ContradictionRow
    {
        public long Id { get; init; }
        public long FromClaimId { get; init; }
        public long ToClaimId { get; init; }
        public string Type { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string FromText { get; init; } = "";
        public string? FromSubject { get; init; }
        public string FromStance { get; init; } = "";
        public string FromStatus { get; init; } = "";
        public long FromSpeakerId { get; init; }
        public string FromSpeakerName { get; init; } = "";
        public string FromSpeakerKind { get; init; } = "";
        public string ToText { get; init; } = "";
        public string? ToSubject { get; init; }
        public string ToStance { get; init; } = "";
        public string ToStatus { get; init; } = "";
        public long ToSpeakerId { get; init; }
        public string ToSpeakerName { get; init; } = "";
        public string ToSpeakerKind { get; init; } = "";

        public ContradictionResponse ToResponse(BeliefSnapshot believed)
        {
            var type = EnumText<RelationType>.Parse(Type);
            var (fromStatus, toStatus) = (EnumText<ClaimStatus>.Parse(FromStatus), EnumText<ClaimStatus>.Parse(ToStatus));
            var from = new ContradictionClaim(FromClaimId, FromText, FromSubject, EnumText<Stance>.Parse(FromStance),
                fromStatus, new SourceRef(FromSpeakerId, FromSpeakerName, EnumText<SourceKind>.Parse(FromSpeakerKind)), believed.Belief(FromClaimId, fromStatus));
            var to = new ContradictionClaim(ToClaimId, ToText, ToSubject, EnumText<Stance>.Parse(ToStance),
                toStatus, new SourceRef(ToSpeakerId, ToSpeakerName, EnumText<SourceKind>.Parse(ToSpeakerKind)), believed.Belief(ToClaimId, toStatus));
            var open = from.Status == ClaimStatus.Unrated && to.Status == ClaimStatus.Unrated;
            return new ContradictionResponse(
                new ChainEdge(Id, FromClaimId, ToClaimId, type, Opposing: true),
                open ? ContradictionStatus.Open : ContradictionStatus.Resolved,
                from, to, Time.Read(CreatedAt));
        }
    }
}
