using CredibilityApi.Data;
using CredibilityApi.Http;

namespace CredibilityApi.Claims;

/// <summary>A claim request as the rows <see cref="RowWriter"/> inserts.</summary>
public static class ClaimRows
{
    public static long AddClaim(this RowWriter rows, CreateClaimRequest claim) =>
        rows.AddClaim(new NewClaim(
            claim.Text, claim.Language, claim.Subject, EnumText<Stance>.Name(claim.Stance ?? Stance.Asserts), claim.SpeakerId,
            claim.Quantity?.Value, claim.Quantity?.Unit, claim.Quantity?.AsOf, claim.ClaimedAt, claim.ArticleId, claim.Via ?? [],
            claim.Value, ClaimTopics.Normalize(claim.Topics)));
}
