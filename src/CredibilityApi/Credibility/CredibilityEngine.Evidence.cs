using CredibilityApi.Claims;
using CredibilityApi.Reads;
using CredibilityApi.Relations;
using CredibilityApi.Sources;

namespace CredibilityApi.Credibility;

/// <summary>What each unit of evidence gives the sources on its attribution path.</summary>
public sealed partial class CredibilityEngine
{
    /// <summary>What one unit of evidence (a rated claim, or an unrated denial of rated claims) gives each source on its path.</summary>
    private sealed class Evidence(CredibilityEngine engine, ClaimIndex x, ClaimGraph g)
    {
        private readonly List<int> path = [];
        private readonly List<GraphEdge> edges = [];
        private readonly List<(int Denied, ClaimStatus Status, double Truth, long At)> denied = [];

        /// <summary>
        /// A rated claim weighs 1 with its verdict's truth. An unrated claim that denies rated
        /// claims weighs 1 in all, shared among them, each share with 1 − t of what it denies. A
        /// denial with a verdict of its own is scored by that verdict instead; unverifiable counts for nothing.
        /// </summary>
        public void Of(int claim, List<Entry> into)
        {
            if (x.StatusOf(claim) is not { } status)
            {
                return;
            }
            if (Truth(status) is { } truth)
            {
                engine.Attribute(x, path, new Entry(x.ReviewedAt(claim), 1, claim, 0, 0, RatingOf(status), default, false), into);
                return;
            }
            if (status != ClaimStatus.Unrated)
            {
                return;
            }
            denied.Clear();
            g.Neighbours(claim, edges);
            foreach (var edge in edges)
            {
                if (edge.Type == RelationType.Denies && edge.From == claim && edge.To != claim
                    && x.StatusOf(edge.To) is { } rated && Truth(rated) is { } t && !Denies(edge.To))
                {
                    denied.Add(((int)edge.To, rated, t, x.ReviewedAt(edge.To)));
                }
            }
            foreach (var d in denied)
            {
                engine.Attribute(x, path, new Entry(d.At, 1.0 / denied.Count, claim, d.Denied, 0, RatingOf(d.Status), default, false), into);
            }
        }

        // A loop, not a lambda: this runs for every edge of every unit, and a capturing lambda allocates each time.
        private bool Denies(long claim)
        {
            foreach (var d in denied)
            {
                if (d.Denied == claim)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// Spreads one claim's evidence over its attribution path: weight 1 for the speaker and each hop
    /// the decay of the one before, except that an anonymous speaker owns nothing and the first
    /// named source after it takes weight 1 (who cites unnamed sources owns the claim). A source on
    /// the path twice takes its first, heaviest, place only.
    /// </summary>
    private void Attribute(ClaimIndex x, List<int> path, Entry claim, List<Entry> into)
    {
        var relays = x.AttributionOf(claim.Claim, path);
        if (path.Count == 0)
        {
            return;
        }
        var owner = x.OwnerOf(path);
        var anonymousSpeaker = x.KindOf(path[0]) == SourceKind.Anonymous;
        var weight = claim.Weight;
        for (var i = owner; i < path.Count; i++, weight *= options.RelayDecay)
        {
            if (path.IndexOf(path[i]) < i)
            {
                continue;
            }
            var role = i == 0 ? EvidenceRole.Speaker : i <= relays ? EvidenceRole.Relay : EvidenceRole.Publisher;
            into.Add(claim with { Weight = weight, Role = role, AnonymousSpeaker = anonymousSpeaker, Source = path[i] });
        }
    }
}
