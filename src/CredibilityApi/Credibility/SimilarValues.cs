namespace CredibilityApi.Credibility;

/// <summary>
/// Implication between similar categorical values, after TruthFinder (Yin, Han and Yu 2008): a
/// claim for one value lends part of its vote to the rival values that resemble it, so formatting
/// variants of one answer ("Jeffrey D. Ullman, Jennifer Widom", "Widom, Jennifer; Ullman, Jeffrey")
/// reinforce each other instead of splitting their support, while the values stay distinct options.
/// </summary>
/// <remarks>
/// <para>
/// Similarity is order-insensitive: each folded value (<c>TextFold.Key</c>) is taken as its set of
/// words, and two values' similarity is the share of their words' letters they have in common,
/// Σ|w| over shared words / Σ|w| over the union (a Jaccard index weighed by word length, so an
/// initial or an "and" counts for less than a name). A claim for value b lends to value a at
/// closeness k = <see cref="Implication"/> × similarity, when the similarity is at least
/// <see cref="MinSimilarity"/>; its vote there is −ln(1 − k·c), as a quantity's agreeing values lend.
/// </para>
/// <para>
/// Near-linear in a subject's values: rival values are found through an inverted index of their
/// words, skipping words that more than <see cref="MaxPostings"/> of the subject's values use (they
/// still count in the similarity of values found through rarer words), reading at most
/// <see cref="MaxWords"/> words of a value, comparing it with at most <see cref="MaxCandidates"/>
/// values, and keeping the <see cref="MaxNeighbours"/> most similar.
/// </para>
/// </remarks>
internal static class SimilarValues
{
    /// <summary>
    /// How much of a claim's confidence a fully similar value takes (TruthFinder's ρ): 1, so the same
    /// words in another order or with other punctuation lend in full. Chosen on the categorical
    /// development corpus (BENCHMARKS.md): 0.5 and 0.8 were worse on every seed.
    /// </summary>
    public const double Implication = 1;

    /// <summary>Values less similar than this lend nothing (0.2 to 0.5 gave alike results on the development corpus; 0.3 its middle).</summary>
    public const double MinSimilarity = 0.3;

    /// <summary>A word used by more of a subject's values than this finds no neighbours (as a stop word).</summary>
    public const int MaxPostings = 64;

    /// <summary>At most this many of a value's words are looked up.</summary>
    public const int MaxWords = 32;

    /// <summary>At most this many rival values are compared with a value, the first found.</summary>
    public const int MaxCandidates = 64;

    /// <summary>At most this many neighbours per value, the most similar.</summary>
    public const int MaxNeighbours = 32;

    /// <summary>
    /// For each categorical option with similar rivals: its neighbours (other options of the same
    /// partition) and the closeness at which their claims lend to it.
    /// </summary>
    public static Dictionary<int, (int Option, double Closeness)[]> Of(BeliefInputs inputs)
    {
        var keys = inputs.CategoricalKeys;
        var result = new Dictionary<int, (int, double)[]>();
        var partitionStart = inputs.PartitionStart;
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var postings = new List<List<int>>();
        var candidates = new List<int>();
        var near = new List<(int Option, double Closeness)>();
        for (var part = 0; part + 1 < partitionStart.Length; part++)
        {
            var (first, last) = (partitionStart[part], partitionStart[part + 1]);
            if (inputs.PartitionUnit[part] != BeliefInputs.Categorical || last - first < 2)
            {
                continue;
            }
            // Each option's distinct words (numbers local to this partition) and their letters in all.
            numbers.Clear();
            var sets = new (int[] Words, double Letters)[last - first];
            var lengths = new List<int>();
            for (var o = first; o < last; o++)
            {
                var set = new List<int>();
                foreach (var word in keys.GetValueOrDefault(o, "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!numbers.TryGetValue(word, out var number))
                    {
                        numbers[word] = number = numbers.Count;
                        lengths.Add(word.Length);
                        if (postings.Count < numbers.Count)
                        {
                            postings.Add([]);
                        }
                        postings[number].Clear();
                    }
                    set.Add(number);
                }
                int[] distinct = [.. set.Distinct().Order()];
                sets[o - first] = (distinct, distinct.Sum(w => (double)lengths[w]));
                foreach (var w in sets[o - first].Words.Take(MaxWords))
                {
                    if (postings[w].Count <= MaxPostings)
                    {
                        postings[w].Add(o - first);
                    }
                }
            }
            // Each option's rivals found through its rarer words, each once (seen[r] == o + 1 when found for o).
            var seen = new int[sets.Length];
            for (var o = 0; o < sets.Length; o++)
            {
                candidates.Clear();
                near.Clear();
                var words = sets[o].Words;
                for (var i = 0; i < words.Length && i < MaxWords && candidates.Count < MaxCandidates; i++)
                {
                    var posting = postings[words[i]];
                    for (var j = 0; j < posting.Count && posting.Count <= MaxPostings && candidates.Count < MaxCandidates; j++)
                    {
                        var other = posting[j];
                        if (other != o && seen[other] != o + 1)
                        {
                            seen[other] = o + 1;
                            candidates.Add(other);
                        }
                    }
                }
                foreach (var other in candidates)
                {
                    var common = Common(words, sets[other].Words, lengths);
                    var similarity = common / (sets[o].Letters + sets[other].Letters - common);
                    if (similarity >= MinSimilarity)
                    {
                        near.Add((first + other, Implication * similarity));
                    }
                }
                if (near.Count > MaxNeighbours)
                {
                    near.Sort(Closer);
                }
                if (near.Count > 0)
                {
                    result[first + o] = [.. near.Take(MaxNeighbours)];
                }
            }
        }
        return result;
    }

    /// <summary>The more similar first, then the first option.</summary>
    private static readonly Comparison<(int Option, double Closeness)> Closer = (a, b) =>
        a.Closeness != b.Closeness ? b.Closeness.CompareTo(a.Closeness) : a.Option.CompareTo(b.Option);

    /// <summary>The letters of the words two sorted word sets share.</summary>
    private static double Common(int[] a, int[] b, List<int> lengths)
    {
        var (i, j, common) = (0, 0, 0.0);
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common += lengths[a[i]];
                (i, j) = (i + 1, j + 1);
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return common;
    }
}
