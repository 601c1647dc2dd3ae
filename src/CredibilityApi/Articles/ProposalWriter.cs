using System.Data;
using System.Data.Common;
using CredibilityApi.Audit;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Articles;

/// <summary>
/// Stores an article's accepted proposals in one transaction, through the sources', claims' and
/// relations' own insert code and audit entries. Sources: a given sourceId is used as it is; a named
/// source without one is the existing source whose folded name or alias is the same (one of the same
/// kind first, then any other named kind, lowest id first), else a new source of the kind given; an
/// anonymous one is the anonymous source with the same folded phrase, else a new one, so a phrase is
/// one source across articles. Claims: a proposal the article already carries (same text, speaker,
/// relays, stance, quantity and subject) is that claim, not a second one; relations likewise by
/// (from, to, type). So the same proposal accepted twice stores nothing the second time.
/// Anything refused mid-way rolls the whole request back.
/// </summary>
public sealed class ProposalWriter(Db db, AuditLog audit)
{
    public const string UnknownSource = "must be the id of an existing source.";

    /// <summary>A name as compared for reuse: trimmed, white space runs made one space, folded (case, diacritics, tatweel, hamza and alef forms).</summary>
    public static string FoldedName(string? name) =>
        TextFold.Fold(string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));

    public async Task<WriteResult<AcceptedProposals>> AcceptAsync(long articleId, AcceptProposalsRequest request, Actor actor, CancellationToken ct)
    {
        try
        {
            return await db.WriteAsync(async (c, tx) =>
            {
                var language = await c.QueryAsync<string?>("SELECT language FROM articles WHERE id = @articleId", new { articleId }, tx);
                if (language.AsList() is not [var articleLanguage])
                {
                    return WriteResult<AcceptedProposals>.NotFound;
                }
                var write = new Write(c, tx, audit, actor, articleId, articleLanguage);
                return WriteResult<AcceptedProposals>.Done(await write.RunAsync(request));
            }, ct);
        }
        catch (RefusedException refused)
        {
            // Thrown inside the transaction, which was rolled back as it was left uncommitted.
            return WriteResult<AcceptedProposals>.Invalid(refused.Field, refused.Message);
        }
    }

    private sealed class RefusedException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    /// <summary>One request's work inside its transaction.</summary>
    private sealed class Write(DbConnection c, IDbTransaction tx, AuditLog audit, Actor actor, long articleId, string? language)
    {
        private readonly Dictionary<string, long> resolved = new(StringComparer.Ordinal);
        private readonly List<long> createdSources = [];
        private readonly List<ClaimResponse> articleClaims = [];
        private bool created;

        public async Task<AcceptedProposals> RunAsync(AcceptProposalsRequest request)
        {
            var stored = await c.QueryAsync<long>("SELECT id FROM claims WHERE article_id = @articleId ORDER BY id", new { articleId }, tx);
            articleClaims.AddRange(await ClaimStore.LoadAsync(c, stored.AsList(), tx));

            var claims = new List<AcceptedClaim>(request.Claims.Count);
            for (var i = 0; i < request.Claims.Count; i++)
            {
                claims.Add(await ClaimAsync(request.Claims[i], $"claims[{i}]"));
            }
            var relations = new List<long>(request.Relations?.Count ?? 0);
            for (var i = 0; i < (request.Relations?.Count ?? 0); i++)
            {
                var relation = request.Relations![i];
                relations.Add(await RelationAsync(claims[relation.From].ClaimId, claims[relation.To].ClaimId, relation.Type, $"relations[{i}]"));
            }
            return new AcceptedProposals(articleId, claims, relations, createdSources, created);
        }

        private async Task<AcceptedClaim> ClaimAsync(ProposedClaim proposal, string path)
        {
            var speaker = await SourceAsync(proposal.Speaker, $"{path}.speaker.sourceId");
            var via = new List<long>(proposal.Via?.Count ?? 0);
            for (var j = 0; j < (proposal.Via?.Count ?? 0); j++)
            {
                via.Add(await SourceAsync(proposal.Via![j], $"{path}.via[{j}].sourceId"));
            }
            // Names resolve only here: two spellings of one source, or a name that is a known source's alias.
            if (ClaimRules.SpeakerIsRelay(speaker, via))
            {
                throw new RefusedException($"{path}.via", ClaimRules.SpeakerInVia);
            }
            if (via.Distinct().Count() != via.Count)
            {
                throw new RefusedException($"{path}.via", "must not name a source twice.");
            }

            var text = Normalize.Text(proposal.Text);
            var subject = proposal.Subject?.Trim();
            var quantity = proposal.Quantity is { } q ? q with { Unit = q.Unit.Trim() } : null;
            if (articleClaims.FirstOrDefault(x => x.Text == text && x.SpeakerId == speaker && x.Via.SequenceEqual(via)
                    && x.Stance == proposal.Stance && x.Subject == subject && x.Quantity == quantity) is { } same)
            {
                return new AcceptedClaim(same.Id, speaker, via);
            }
            var claim = await ClaimStore.InsertAsync(c, tx, new CreateClaimRequest(
                text, speaker, proposal.Stance, language, subject, via, quantity, ClaimedAt: null, ArticleId: articleId));
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, "claim", claim.Id, null, claim);
            articleClaims.Add(claim);
            created = true;
            return new AcceptedClaim(claim.Id, speaker, via);
        }

        private async Task<long> SourceAsync(ProposedSource proposal, string path)
        {
            if (proposal.SourceId is { } id)
            {
                // Checked by the validator too; a source deleted since is refused the same way, not left to the foreign key.
                if (!resolved.ContainsKey($"#{id}"))
                {
                    if (!await StoredReferences.ExistsAsync(c, ReferenceKind.Source, id, tx))
                    {
                        throw new RefusedException(path, UnknownSource);
                    }
                    resolved[$"#{id}"] = id;
                }
                return id;
            }
            var key = SameSource.Key(proposal);
            if (resolved.TryGetValue(key, out var known))
            {
                return known;
            }
            var folded = FoldedName(proposal.Name);
            var anonymous = proposal.Kind == SourceKind.Anonymous;
            const string sql = """
                SELECT s.id FROM sources s
                WHERE (s.kind = 'anonymous') = @Anonymous
                  AND (s.name_folded = @Folded
                       OR s.id IN (SELECT a.source_id FROM source_aliases a WHERE a.text_folded = @Folded))
                ORDER BY s.kind = @Kind DESC, s.id
                LIMIT 1
                """;
            var found = await c.QuerySingleOrDefaultAsync<long?>(sql, new
            {
                Anonymous = anonymous,
                Folded = folded,
                Kind = EnumText<SourceKind>.Name(proposal.Kind),
            }, tx);
            if (found is null)
            {
                var name = string.Join(' ', proposal.Name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                var source = await SourceStore.InsertAsync(c, tx, new CreateSourceRequest(name, proposal.Kind));
                await audit.RecordAsync(c, tx, actor, AuditAction.Create, "source", source.Id, null, source);
                createdSources.Add(source.Id);
                created = true;
                found = source.Id;
            }
            resolved[key] = found.Value;
            return found.Value;
        }

        private async Task<long> RelationAsync(long from, long to, RelationType type, string path)
        {
            if (from == to)
            {
                throw new RefusedException($"{path}.to", "names the same stored claim as from (the two proposals are one claim): a claim cannot relate to itself.");
            }
            const string existing = "SELECT id FROM relations WHERE from_claim_id = @from AND to_claim_id = @to AND type = @Type";
            var typeName = EnumText<RelationType>.Name(type);
            if (await c.QuerySingleOrDefaultAsync<long?>(existing, new { from, to, Type = typeName }, tx) is { } id)
            {
                return id;
            }
            var relation = await RelationStore.InsertAsync(c, tx, new CreateRelationRequest(from, to, type));
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, "relation", relation.Id, null, relation);
            created = true;
            return relation.Id;
        }
    }
}
