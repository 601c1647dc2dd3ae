using CredibilityApi.Data;
using CredibilityApi.Http;

namespace CredibilityApi.Verdicts;

/// <summary>A verdict request as the row <see cref="RowWriter"/> inserts.</summary>
public static class VerdictRows
{
    public static long AddVerdict(this RowWriter rows, long claimId, CreateVerdictRequest verdict) =>
        rows.AddVerdict(new NewVerdict(
            claimId, EnumText<Rating>.Name(verdict.Rating!.Value), verdict.Reviewer, verdict.Url, verdict.ReviewedAt,
            verdict.Explanation, verdict.OriginalLabel));
}
