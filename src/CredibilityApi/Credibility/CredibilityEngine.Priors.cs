using CredibilityApi.Reads;
using CredibilityApi.Sources;

namespace CredibilityApi.Credibility;

/// <summary>
/// Hierarchical priors: a source with an affiliation (a person's party, an outlet's network) starts
/// from its affiliation's pooled record instead of the configured prior, so a source with little
/// evidence borrows its affiliation's standing and a long record of its own outweighs it.
/// </summary>
public sealed partial class CredibilityEngine
{
    private double AffiliationStrength => options.AffiliationPriorStrength;

    /// <summary>
    /// The Beta prior a score starts from: α and β, and when it comes from an affiliation, the
    /// affiliation and the pooled evidence (weight and weight · truth) its mean rests on. A class:
    /// every score holds one, and sources without an affiliation share <see cref="BasePrior"/>.
    /// </summary>
    private sealed record Prior(double Alpha, double Beta, int Affiliation, double PooledWeight, double PooledWeightedTrue)
    {
        public double Mean => Alpha / (Alpha + Beta);

        public double Strength => Alpha + Beta;
    }

    /// <summary>Every source's affiliation and every affiliation's direct members, as the index held them at a full computation.</summary>
    private sealed class Affiliations
    {
        /// <summary>Hops followed up a chain before its prior is the configured one (the API refuses cycles; this bounds one written around it).</summary>
        public const int MaxDepth = SourceStore.MaxAffiliationDepth;

        private static readonly Affiliations None = new([], []);

        private readonly int[] affiliation;
        private readonly Dictionary<int, List<int>> members;

        private Affiliations(int[] affiliation, Dictionary<int, List<int>> members) =>
            (this.affiliation, this.members) = (affiliation, members);

        /// <summary>Whether any source has an affiliation.</summary>
        public bool Any => members.Count > 0;

        /// <summary>Read off the index (inside its read lock); nothing is kept when no source has an affiliation.</summary>
        public static Affiliations Of(ClaimIndex x)
        {
            if (!x.AnyAffiliation)
            {
                return None;
            }
            var affiliation = new int[x.SourceLimit];
            var members = new Dictionary<int, List<int>>();
            for (var s = 1; s < affiliation.Length; s++)
            {
                if ((affiliation[s] = x.AffiliationOf(s)) is var a and not 0)
                {
                    if (!members.TryGetValue(a, out var list))
                    {
                        members[a] = list = [];
                    }
                    list.Add(s);
                }
            }
            return new Affiliations(affiliation, members);
        }

        public int Of(long source) => source > 0 && source < affiliation.Length ? affiliation[source] : 0;

        public IReadOnlyList<int> MembersOf(int source) => members.TryGetValue(source, out var list) ? list : [];
    }
}
