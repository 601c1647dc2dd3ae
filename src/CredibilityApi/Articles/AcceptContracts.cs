using System.ComponentModel;
using CredibilityApi.Data;

namespace CredibilityApi.Articles;

/// <summary>The proposals of an article, as a person kept and edited them, to store.</summary>
public sealed record AcceptProposalsRequest(
    [property: Description("The claims to store, in the shape POST /v1/articles/import proposes them (1 to 500). Relations and the answer refer to them by index.")] IReadOnlyList<ProposedClaim> Claims,
    [property: Description("Relations between the claims, by index into claims (at most 1,000); none when left out.")] IReadOnlyList<ProposedRelation>? Relations = null)
    : IReferencing
{
    /// <summary>Every source a speaker or relay names by id: checked as POST /v1/claims checks its speaker and relays.</summary>
    public IEnumerable<Reference> References()
    {
        for (var i = 0; i < (Claims?.Count ?? 0); i++)
        {
            if (Claims![i] is not { } claim)
            {
                continue;
            }
            if (claim.Speaker?.SourceId is > 0 and var speaker)
            {
                yield return new Reference($"Claims[{i}].Speaker.SourceId", ReferenceKind.Source, speaker);
            }
            for (var j = 0; j < (claim.Via?.Count ?? 0); j++)
            {
                if (claim.Via![j]?.SourceId is > 0 and var relay)
                {
                    yield return new Reference($"Claims[{i}].Via[{j}].SourceId", ReferenceKind.Source, relay);
                }
            }
        }
    }
}

/// <summary>What one proposed claim became.</summary>
public sealed record AcceptedClaim(
    [property: Description("The stored claim (new, or the same claim stored by an earlier accept).")] long ClaimId,
    [property: Description("The source used for the speaker: the given sourceId, a source found by folded name, or one created.")] long SpeakerId,
    [property: Description("The sources used for the relays, in the order given.")] IReadOnlyList<long> Via);

/// <summary>The ids the proposals were stored under, by proposal index.</summary>
public sealed record AcceptedProposals(
    long ArticleId,
    [property: Description("claims[i] of the request became claims[i] of the answer.")] IReadOnlyList<AcceptedClaim> Claims,
    [property: Description("The relation id of relations[i] of the request.")] IReadOnlyList<long> Relations,
    [property: Description("The sources this request created (unknown named sources and anonymous phrases not seen before); empty when every one existed.")] IReadOnlyList<long> CreatedSources,
    [property: Description("True when this request stored something (201); false when every claim, source and relation was already stored, as when the same proposal is accepted again (200).")] bool Created);
