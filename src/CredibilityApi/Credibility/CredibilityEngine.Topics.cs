using CredibilityApi.Reads;

namespace CredibilityApi.Credibility;

/// <summary>
/// Scores on one topic: a source's rated claims that carry the topic, shrunk toward its overall
/// score where they are few (empirical Bayes: the topic's Beta prior is the overall score × k).
/// </summary>
public sealed partial class CredibilityEngine
{
    /// <summary>How many of a source's topics its answer lists, most evidence first.</summary>
    public const int MaxTopics = 20;

    /// <summary>
    /// A source's score on <paramref name="topic"/> (folded), or null when there is no such source:
    /// Beta(s·k + Σ w·t, (1 − s)·k + Σ w·(1 − t)) over the contributions of claims carrying the topic
    /// (a denial without topics takes those of the claim it denies), s the overall score and k the
    /// topic prior strength. A topic no claim of the source carries answers the overall score, with no evidence.
    /// </summary>
    public async Task<SourceCredibilityResponse?> GetTopicAsync(long sourceId, string topic, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (index.Read(x => x.SourceOf(sourceId)) is not { } source)
        {
            return null;
        }
        var overall = current.Score(sourceId);
        var entries = index.Read(x => x.TopicNumber(topic) is { } number
            ? [.. current.Entries(sourceId).Where(e => Carries(x, e, number))]
            : new List<Entry>());
        var prior = TopicPrior(overall.Mean, overall.Weight);
        var (weight, weightedTrue) = Sum(current, entries);
        var score = Summarize(prior, weight, weightedTrue);
        var contributions = Contributions(current, entries, score.Mean);
        contributions.Insert(0, PriorContribution(prior, PriorBasis.Topic, null, topic));
        var affiliation = index.Read(x => x.SourceOf(current.AffiliationOf(sourceId)));
        return new SourceCredibilityResponse(source, score.Mean, score.Interval, score.Status, EvidenceOf(score, entries), contributions, Method,
            affiliation, topic, Topics(current, sourceId, overall));
    }

    /// <summary>The prior of a topic score: Beta(s·k, (1 − s)·k), s the overall score.</summary>
    private Prior TopicPrior(double overall, double overallWeight) =>
        new(overall * options.TopicPriorStrength, (1 - overall) * options.TopicPriorStrength, 0, overallWeight, overall * overallWeight);

    /// <summary>Every topic a source's rated claims carry, scored, most evidence first (at most <see cref="MaxTopics"/>).</summary>
    private List<CredibilityTopicScore> Topics(Snapshot current, long sourceId, Score overall)
    {
        var prior = TopicPrior(overall.Mean, overall.Weight);
        return index.Read(x =>
        {
            var sums = new Dictionary<int, (double Weight, double WeightedTrue, HashSet<int> Claims)>();
            foreach (var e in current.Entries(sourceId))
            {
                var w = e.Weight * current.Decay(e.At);
                foreach (var topic in TopicsOf(x, e))
                {
                    var (weight, weightedTrue, claims) = sums.TryGetValue(topic, out var s) ? s : (0, 0, []);
                    claims.Add(e.Claim);
                    sums[topic] = (weight + w, weightedTrue + (w * e.Truth), claims);
                }
            }
            return sums
                .OrderByDescending(t => t.Value.Weight).ThenBy(t => x.TopicOf(t.Key), StringComparer.Ordinal)
                .Take(MaxTopics)
                .Select(t =>
                {
                    var score = Summarize(prior, t.Value.Weight, t.Value.WeightedTrue);
                    return new CredibilityTopicScore(x.TopicOf(t.Key)!, score.Mean, score.Interval, score.Status, t.Value.Weight, t.Value.Claims.Count);
                })
                .ToList();
        });
    }

    /// <summary>The topics an entry counts for: its claim's, or for a denial without topics, the denied claim's.</summary>
    private static ReadOnlySpan<int> TopicsOf(ClaimIndex x, Entry e)
    {
        var own = x.TopicsOf(e.Claim);
        return own.IsEmpty && e.Denies != 0 ? x.TopicsOf(e.Denies) : own;
    }

    private static bool Carries(ClaimIndex x, Entry e, int topic) => TopicsOf(x, e).Contains(topic);
}
