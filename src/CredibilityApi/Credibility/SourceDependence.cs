namespace CredibilityApi.Credibility;

/// <summary>
/// Copy detection between sources, after ACCU's dependence model (Dong, Berti-Équille and
/// Srivastava 2009): two independent sources rarely give the same false answer, so sources that
/// share many answers the current beliefs reject are likely copying one another, and their
/// agreement is discounted. Only the owners of claims (the first named source on the path) are
/// compared; relays are discounted by their place on the path as before.
/// </summary>
/// <remarks>
/// <para>
/// Candidates: pairs of sources that give the same losing answer (an option believed less than
/// ½ in a contested quantity or categorical partition) on at least <see cref="MinFalseAgreements"/>
/// subjects, counted softly (an answer believed b counts 1 − b), at most
/// <see cref="MaxPartnersPerSource"/> partners per source (the strongest), and from options with at
/// most <see cref="MaxOwnersPerOption"/> distinct sources (the first by trust), so the work stays
/// near-linear in the claims: a subject of 100,000 distinct values, each given once, yields no pair.
/// </para>
/// <para>
/// For each candidate pair, every contested subject both answer is weighed (a merge of their sorted
/// answers): with accuracies a₁, a₂ (their trust) and n = the subject's options − 1 false answers,
/// independent sources agree on a true answer with probability a₁a₂, on a false one with
/// (1 − a₁)(1 − a₂)/n, and differ otherwise; a source copying the other (rate c) agrees on a true
/// answer with c·a + (1 − c)·a₁a₂, on a false one with c·(1 − a) + (1 − c)(1 − a₁)(1 − a₂)/n and differs
/// with (1 − c)·P(differ). An agreement on an answer believed b counts b as true and 1 − b as false.
/// Bayes' rule with the prior <see cref="PriorDependence"/> gives the dependence probability d.
/// </para>
/// <para>
/// The discount, as ACCU counts independent votes: on each option the sources are taken by trust,
/// highest first, and a claim keeps weight Π (1 − c·d) over the sources before it on that option
/// that it depends on.
/// </para>
/// </remarks>
internal static class SourceDependence
{
    /// <summary>The prior probability that two sources are dependent (ACCU's α).</summary>
    public const double PriorDependence = 0.2;

    /// <summary>How often a copier copies rather than answers on its own (ACCU's c).</summary>
    public const double CopyRate = 0.8;

    public const double MinFalseAgreements = 2;
    public const int MaxPartnersPerSource = 32;
    public const int MaxOwnersPerOption = 64;

    /// <summary>
    /// Sets <paramref name="weight"/> (by claim id) from the dependence found under the current
    /// option beliefs and trust; answers how many pairs were found dependent (d above ½) and
    /// whether any weight changed.
    /// </summary>
    public static (int Dependent, bool Changed) Discount(BeliefInputs inputs, float[] options, double[] trust, VoteWeights weight)
    {
        var (order, optionStart, partitionStart, hopSource, hopDepth) =
            (inputs.Order, inputs.OptionStart, inputs.PartitionStart, inputs.HopSource, inputs.HopDepth);
        // Per place in order: its owner (the source at depth 0), or -1.
        int Owner(int i) => inputs.Hops.Length(i) > 0 && inputs.Hops.Start(i) is var first && hopDepth[first] == 0 ? hopSource[first] : -1;

        // Contested quantity and categorical partitions.
        var contested = new List<int>();
        for (var part = 0; part + 1 < partitionStart.Length; part++)
        {
            if (partitionStart[part + 1] - partitionStart[part] > 1 && inputs.PartitionUnit[part] != BeliefInputs.Stances)
            {
                contested.Add(part);
            }
        }
        if (contested.Count == 0)
        {
            return (0, false);
        }

        // Each source's answers in contested partitions: option numbers, ascending (so by subject too).
        var sources = trust.Length;
        var answerStart = new int[sources + 1];
        foreach (var part in contested)
        {
            for (var i = optionStart[partitionStart[part]]; i < optionStart[partitionStart[part + 1]]; i++)
            {
                if (Owner(i) is var s and >= 0)
                {
                    answerStart[s + 1]++;
                }
            }
        }
        for (var s = 0; s < sources; s++)
        {
            answerStart[s + 1] += answerStart[s];
        }
        var answers = new int[answerStart[sources]];
        var fill = (int[])answerStart.Clone();
        // The partition an option belongs to, for options in contested partitions (subject identity for the merge).
        var partitionOf = new int[optionStart.Length - 1];
        foreach (var part in contested)
        {
            for (var o = partitionStart[part]; o < partitionStart[part + 1]; o++)
            {
                partitionOf[o] = part;
                for (var i = optionStart[o]; i < optionStart[o + 1]; i++)
                {
                    if (Owner(i) is var s and >= 0)
                    {
                        answers[fill[s]++] = o;
                    }
                }
            }
        }

        // Candidates: shared losing answers.
        var falseShared = new Dictionary<long, double>();
        var owners = new List<int>();
        var (seen, stamp) = (new int[sources], 0);
        Comparison<int> mostTrustedFirst = (x, y) => trust[y].CompareTo(trust[x]) is var c and not 0 ? c : x.CompareTo(y);
        foreach (var part in contested)
        {
            for (var o = partitionStart[part]; o < partitionStart[part + 1]; o++)
            {
                var believed = (double)options[order[optionStart[o]]];
                if (believed >= 0.5)
                {
                    continue;
                }
                OwnersOf(o, owners);
                for (var a = 0; a < owners.Count; a++)
                {
                    for (var b = a + 1; b < owners.Count; b++)
                    {
                        var key = Key(owners[a], owners[b]);
                        falseShared[key] = falseShared.GetValueOrDefault(key) + (1 - believed);
                    }
                }
            }
        }
        var partners = new int[sources];
        var dependence = new Dictionary<long, double>();
        var dependent = 0;
        foreach (var (key, shared) in falseShared.Where(p => p.Value >= MinFalseAgreements).OrderByDescending(p => p.Value).ThenBy(p => p.Key))
        {
            var (a, b) = ((int)(key >> 32), (int)(key & 0xFFFFFFFF));
            if (partners[a] >= MaxPartnersPerSource || partners[b] >= MaxPartnersPerSource)
            {
                continue;
            }
            (partners[a], partners[b]) = (partners[a] + 1, partners[b] + 1);
            var d = Probability(a, b);
            dependence[key] = d;
            dependent += d > 0.5 ? 1 : 0;
        }

        // The discount, option by option, sources by trust.
        var changed = false;
        foreach (var part in contested)
        {
            for (var o = partitionStart[part]; o < partitionStart[part + 1]; o++)
            {
                if (dependence.Count > 0)
                {
                    OwnersOf(o, owners);
                }
                for (var i = optionStart[o]; i < optionStart[o + 1]; i++)
                {
                    var w = 1.0;
                    if (dependence.Count > 0 && Owner(i) is var s and >= 0)
                    {
                        foreach (var before in owners)
                        {
                            if (before == s || trust[before] < trust[s] || (trust[before] == trust[s] && before > s))
                            {
                                continue; // only sources ahead of this one on the option
                            }
                            w *= 1 - (CopyRate * dependence.GetValueOrDefault(Key(before, s)));
                        }
                    }
                    changed |= weight.Set(order[i], w);
                }
            }
        }
        return (dependent, changed);

        // The distinct owners of an option, the most trusted first, at most MaxOwnersPerOption.
        void OwnersOf(int option, List<int> into)
        {
            into.Clear();
            stamp++;
            for (var i = optionStart[option]; i < optionStart[option + 1]; i++)
            {
                if (Owner(i) is var s and >= 0 && seen[s] != stamp)
                {
                    seen[s] = stamp;
                    into.Add(s);
                }
            }
            into.Sort(mostTrustedFirst);
            if (into.Count > MaxOwnersPerOption)
            {
                into.RemoveRange(MaxOwnersPerOption, into.Count - MaxOwnersPerOption);
            }
        }

        // The dependence probability of a pair, from every contested subject both answer.
        double Probability(int a, int b)
        {
            var (ta, tb) = (Math.Clamp(trust[a], 1e-6, 1 - 1e-6), Math.Clamp(trust[b], 1e-6, 1 - 1e-6));
            var (independent, aCopies, bCopies) = (0.0, 0.0, 0.0);
            var (i, j) = (answerStart[a], answerStart[b]);
            while (i < answerStart[a + 1] && j < answerStart[b + 1])
            {
                var (x, y) = (answers[i], answers[j]);
                var (px, py) = (partitionOf[x], partitionOf[y]);
                if (px != py)
                {
                    // Partitions are numbered in option order: step the one behind.
                    if (px < py)
                    {
                        i++;
                    }
                    else
                    {
                        j++;
                    }
                    continue;
                }
                var n = partitionStart[px + 1] - partitionStart[px] - 1.0;
                var (pt, pf) = (ta * tb, (1 - ta) * (1 - tb) / n);
                var pd = Math.Max(1e-12, 1 - pt - pf);
                if (x == y)
                {
                    var believed = Math.Clamp((double)options[order[optionStart[x]]], 0, 1);
                    independent += (believed * Math.Log(pt)) + ((1 - believed) * Math.Log(pf));
                    aCopies += (believed * Math.Log((CopyRate * tb) + ((1 - CopyRate) * pt))) + ((1 - believed) * Math.Log((CopyRate * (1 - tb)) + ((1 - CopyRate) * pf)));
                    bCopies += (believed * Math.Log((CopyRate * ta) + ((1 - CopyRate) * pt))) + ((1 - believed) * Math.Log((CopyRate * (1 - ta)) + ((1 - CopyRate) * pf)));
                }
                else
                {
                    independent += Math.Log(pd);
                    aCopies += Math.Log((1 - CopyRate) * pd);
                    bCopies += Math.Log((1 - CopyRate) * pd);
                }
                // One answer per subject each: step both past this partition.
                while (i < answerStart[a + 1] && partitionOf[answers[i]] == px)
                {
                    i++;
                }
                while (j < answerStart[b + 1] && partitionOf[answers[j]] == px)
                {
                    j++;
                }
            }
            // P(dependent) = α·½(L_a→b + L_b→a) / (α·½(L_a→b + L_b→a) + (1 − α)·L_independent), in logs.
            var copies = Math.Max(aCopies, bCopies) + Math.Log(0.5 * (1 + Math.Exp(-Math.Abs(aCopies - bCopies))));
            var (dep, ind) = (Math.Log(PriorDependence) + copies, Math.Log(1 - PriorDependence) + independent);
            return 1 / (1 + Math.Exp(ind - dep));
        }
    }

    private static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
}
