using CredibilityApi.Articles;
using CredibilityApi.Claims;
using CredibilityApi.Relations;
using CredibilityApi.Text;

namespace CredibilityApi.Extraction;

/// <summary>
/// Relations between the proposals of one article: a denial denies the claim of another speaker that
/// shares the most words with what it denies (at least two); a claim that calls itself a refutation
/// ("تشكل تكذيباً عمليا لتقارير…", "refutes reports that…") refutes the claim reported inside it after
/// those words, else the one sharing most words with what follows them.
/// </summary>
internal static class ProposalRelations
{
    private const int MinShared = 2;

    private static readonly HashSet<string> Stopwords = Lexicon.Set(
        "في", "من", "على", "إلى", "عن", "مع", "أن", "إن", "التي", "الذي", "هذه", "هذا", "ذلك", "تلك", "بين", "بعد", "قبل", "كان",
        "كانت", "لم", "لا", "ما", "أي", "أية", "قد", "the", "a", "an", "of", "to", "in", "and", "that", "is", "was", "were",
        "be", "it", "its", "on", "for", "with", "by", "had", "has", "have", "would", "will", "not", "no", "as", "at", "from");

    public static List<ProposedRelation> Find(IReadOnlyList<Draft> drafts, List<Token> tokens)
    {
        var relations = new List<ProposedRelation>();
        var words = drafts.Select(d => Stems(tokens, d.PropFrom, d.PropTo)).ToList();
        for (var i = 0; i < drafts.Count; i++)
        {
            var claim = drafts[i].Claim;
            if (claim.Stance == Stance.Denies && Best(drafts, words, words[i], i, other => other.Stance == Stance.Asserts
                    && !SameSource(other.Speaker, claim.Speaker)) is { } denied)
            {
                relations.Add(new ProposedRelation(i, denied, RelationType.Denies));
            }
            if (RefutationAt(tokens, drafts[i]) is { } cue)
            {
                var inside = Enumerable.Range(0, drafts.Count)
                    .FirstOrDefault(j => j != i && drafts[j].PropFrom > cue && drafts[j].PropFrom < drafts[i].PropTo, -1);
                var target = inside >= 0 ? inside : Best(drafts, words, Stems(tokens, cue + 1, drafts[i].PropTo), i, _ => true);
                if (target is { } t and >= 0)
                {
                    relations.Add(new ProposedRelation(i, t, RelationType.Refutes));
                }
            }
        }
        return relations;
    }

    private static int? RefutationAt(List<Token> tokens, Draft draft)
    {
        for (var i = draft.PropFrom; i < draft.PropTo; i++)
        {
            if (tokens[i].IsWord && (Lexicon.Refutations.Contains(tokens[i].Key) || Lexicon.Refutations.Contains(tokens[i].Bare)))
            {
                return i;
            }
        }
        return null;
    }

    private static int? Best(IReadOnlyList<Draft> drafts, List<HashSet<string>> words, HashSet<string> stems, int self, Func<ProposedClaim, bool> eligible)
    {
        int? best = null;
        var bestShared = MinShared - 1;
        for (var j = 0; j < drafts.Count; j++)
        {
            if (j == self || !eligible(drafts[j].Claim))
            {
                continue;
            }
            var shared = words[j].Count(stems.Contains);
            if (shared > bestShared)
            {
                (best, bestShared) = (j, shared);
            }
        }
        return best;
    }

    /// <summary>Content words, folded, each with its readings without attached particles ("وروسيا" → "روسيا").</summary>
    private static HashSet<string> Stems(List<Token> tokens, int from, int to)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        for (var i = from; i < Math.Min(to, tokens.Count); i++)
        {
            var t = tokens[i];
            if (!t.IsWord || t.Key.Length < 3 || Stopwords.Contains(t.Key))
            {
                continue;
            }
            stems.Add(t.Key);
            foreach (var (stem, _) in TextFold.WithoutPrefixes(t.Key, 3))
            {
                if (!Stopwords.Contains(stem))
                {
                    stems.Add(stem);
                }
            }
        }
        return stems;
    }

    private static bool SameSource(ProposedSource a, ProposedSource b) =>
        a.SourceId is { } id ? id == b.SourceId : TextFold.Fold(a.Name) == TextFold.Fold(b.Name);
}
