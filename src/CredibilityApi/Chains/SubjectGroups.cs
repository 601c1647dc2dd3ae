using System.Globalization;
using CredibilityApi.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Data;
using CredibilityApi.Sources;
using CredibilityApi.Text;

namespace CredibilityApi.Chains;

/// <summary>
/// How the claims on one subject compete: quantities of one unit are clustered by value
/// (values within the relative tolerance of a cluster's smallest value agree); categorical values
/// group by their folded key (<see cref="TextFold.Key"/>); the other claims group by stance.
/// </summary>
public static class SubjectGroups
{
    /// <summary>Quantities whose as-of dates are further apart than this describe different periods.</summary>
    public static readonly TimeSpan SamePeriod = TimeSpan.FromDays(366);

    public static List<SubjectGroup> Build(IReadOnlyList<ClaimResponse> claims, double tolerance, BeliefSnapshot? beliefs = null)
    {
        SubjectClaim ToSubjectClaim(ClaimResponse c) =>
            new(c.Id, c.Text, c.Stance, c.Status, c.Quantity, c.Attribution[0], beliefs?.Belief(c.Id, c.Status), c.Value);
        SubjectGroup QuantityGroup(List<ClaimResponse> cluster)
        {
            var values = cluster.Select(c => c.Quantity!.Value).Order().ToList();
            var median = values[values.Count / 2];
            // Claims of one value share that value's belief, so each distinct value counts once.
            var belief = GroupBelief(cluster.DistinctBy(c => c.Quantity!.Value), beliefs);
            return new SubjectGroup(GroupKind.Quantity, Stance.Asserts,
                new QuantityRange(median, cluster[0].Quantity!.Unit, values[0], values[^1]),
                [.. cluster.Select(ToSubjectClaim)], SourcesOf(cluster), belief);
        }

        var groups = new List<SubjectGroup>();
        var counted = claims.Where(c => c.Quantity is not null && c.Stance == Stance.Asserts).ToList();
        foreach (var unit in counted.GroupBy(c => c.Quantity!.Unit.ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var cluster = new List<ClaimResponse>();
            foreach (var claim in unit.OrderBy(c => c.Quantity!.Value).ThenBy(c => c.Id))
            {
                if (cluster.Count > 0 && !NumberAgreement.Agree(cluster[0].Quantity!.Value, claim.Quantity!.Value, tolerance))
                {
                    groups.Add(QuantityGroup(cluster));
                    cluster = [];
                }
                cluster.Add(claim);
            }
            groups.Add(QuantityGroup(cluster));
        }
        // Categorical values: claims whose values fold to one key give one answer, and share its belief.
        var answered = claims.Where(c => c.Quantity is null && c.Value is not null && c.Stance == Stance.Asserts).ToList();
        foreach (var answer in answered.GroupBy(c => TextFold.Key(c.Value)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            groups.Add(new SubjectGroup(GroupKind.Value, Stance.Asserts, null, [.. answer.Select(ToSubjectClaim)], SourcesOf(answer),
                GroupBelief(answer.Take(1), beliefs), answer.First().Value));
        }
        foreach (var stance in claims.Except(counted).Except(answered).GroupBy(c => c.Stance).OrderBy(g => g.Key))
        {
            groups.Add(new SubjectGroup(GroupKind.Stance, stance.Key, null, [.. stance.Select(ToSubjectClaim)], SourcesOf(stance),
                GroupBelief(stance.Take(1), beliefs)));
        }
        return [.. groups.OrderByDescending(g => g.Claims.Count)];
    }

    /// <summary>A relation nobody recorded between <paramref name="claim"/> and <paramref name="other"/>, if they conflict.</summary>
    public static Suggestion? Suggest(ClaimResponse claim, ClaimResponse other, double tolerance) =>
        Suggest(claim, other.Id, other.Stance, other.Quantity, tolerance);

    /// <summary>A relation nobody recorded between <paramref name="claim"/> and another claim, from the other's stance and quantity alone.</summary>
    public static Suggestion? Suggest(ClaimResponse claim, long otherId, Stance otherStance, Quantity? otherQuantity, double tolerance)
    {
        if (claim.Quantity is { } q && otherQuantity is { } o
            && string.Equals(q.Unit, o.Unit, StringComparison.OrdinalIgnoreCase)
            && SamePeriodOf(q, o) && !NumberAgreement.Agree(q.Value, o.Value, tolerance))
        {
            var difference = NumberAgreement.RelativeDifference(q.Value, o.Value);
            return new Suggestion(otherId, SuggestionReason.ConflictingQuantity,
                string.Create(CultureInfo.InvariantCulture, $"{o.Value:G} {o.Unit} against {q.Value:G} {q.Unit}, {difference:P0} apart"),
                ConflictScore(difference));
        }
        if (claim.Stance != otherStance)
        {
            return new Suggestion(otherId, SuggestionReason.OppositeStance,
                $"{EnumName(otherStance)} what this claim {EnumName(claim.Stance)}", 1.0);
        }
        return null;
    }

    /// <summary>How likely two disagreeing values conflict: ½ at the tolerance's edge, rising to 1 at a full difference (or more).</summary>
    public static double ConflictScore(double difference) =>
        double.IsFinite(difference) ? Math.Round(0.5 + (Math.Clamp(difference, 0, 1) / 2), 4) : 1;

    private static bool SamePeriodOf(Quantity a, Quantity b) =>
        a.AsOf is not { } x || b.AsOf is not { } y
        || Math.Abs(x.DayNumber - y.DayNumber) <= SamePeriod.TotalDays;

    private static string EnumName(Stance stance) => Data.EnumText<Stance>.Name(stance);

    /// <summary>The summed beliefs of the options these claims stand for; null when any is not computed yet.</summary>
    private static double? GroupBelief(IEnumerable<ClaimResponse> options, BeliefSnapshot? beliefs)
    {
        if (beliefs is null)
        {
            return null;
        }
        var raw = options.Select(c => beliefs.Raw(c.Id)).ToList();
        return raw.Count == 0 || raw.Any(b => b is null) ? null : Math.Round(Math.Min(1, raw.Sum(b => b!.Value)), 6);
    }

    private static List<SourceRef> SourcesOf(IEnumerable<ClaimResponse> claims) =>
        [.. claims.SelectMany(c => c.Attribution).DistinctBy(s => s.Id).OrderBy(s => s.Id)];
}
