using System.Collections;

namespace CredibilityApi.Credibility;

/// <summary>What a subject's estimate is: the believed option of its largest quantity or categorical partition.</summary>
/// <param name="Value">The number, for a quantity.</param>
/// <param name="Unit">The unit's number for a quantity; <see cref="BeliefInputs.Categorical"/> for a categorical value.</param>
/// <param name="Answer">The folded value's number, for a categorical value (0 otherwise).</param>
/// <param name="Belief">The option's belief.</param>
/// <param name="Claim">The first claim (lowest id) of the option: its value, as written, names a categorical answer.</param>
public readonly record struct Estimated(double Value, int Unit, int Answer, double Belief, long Claim);

/// <summary>
/// The rounds of a belief pass, on the copied inputs alone: each round turns trust into claim
/// confidence (<see cref="Confidence"/>), lets the options of every subject and the positions of
/// every chain compete (<see cref="CompeteWithinSubjects"/>, <see cref="ChainPositions.Pool"/>), and
/// re-estimates every source's trust from the beliefs (<see cref="UpdateTrust"/>); then the
/// estimates are read off (<see cref="Estimates"/>). Every per-claim array is indexed by claim id.
/// </summary>
/// <remarks>
/// Compiled by the JIT straight to optimized code, never ahead of time: it runs once per pass,
/// so a ReadyToRun body would never be replaced, and its loops are the pass's whole cost.
/// </remarks>
internal sealed class BeliefRounds
{
    private readonly BeliefInputs inputs;
    private readonly double[] prior;
    private readonly double[] strength;
    private readonly double[] sum;
    private readonly double[] weights;
    private readonly BitArray contested;
    // Categorical options' similar rivals (SimilarValues), and by claim id the belief that its value
    // is right or nearly so: its option's belief plus its similar rivals' at their closeness (at most
    // 1), what its sources' trust takes; null when no categorical value has a similar rival.
    private readonly Dictionary<int, (int Option, double Closeness)[]> similar;
    private readonly float[]? consistent;
    private readonly List<double> scores = [];

    public BeliefRounds(BeliefInputs inputs, Func<int, (double Mean, double Weight)?> evidence, double priorAlpha, double priorBeta)
    {
        this.inputs = inputs;
        var sources = inputs.MaxSource + 1;
        (prior, strength, sum, weights) = (new double[sources], new double[sources], new double[sources], new double[sources]);
        var neutral = priorAlpha / (priorAlpha + priorBeta);
        for (var s = 0; s < sources; s++)
        {
            var (mean, weight) = evidence(s) ?? (neutral, 0);
            (prior[s], strength[s]) = (mean, priorAlpha + priorBeta + weight);
        }
        Trust = (double[])prior.Clone();
        var claims = inputs.MaxClaim + 1;
        (Weight, Options, Beliefs) = (new VoteWeights(claims), new float[claims], new float[claims]);
        Confidences = Beliefs;
        Array.Fill(Options, float.NaN);
        contested = new BitArray(claims);
        similar = SimilarValues.Of(inputs);
        if (similar.Count > 0)
        {
            consistent = new float[claims];
            Array.Fill(consistent, float.NaN);
        }
        var (order, optionStart, partitionStart) = (inputs.Order, inputs.OptionStart, inputs.PartitionStart);
        for (var part = 0; part + 1 < partitionStart.Length; part++)
        {
            var (first, last) = (partitionStart[part], partitionStart[part + 1]);
            for (var i = optionStart[first]; i < optionStart[last] && last - first > 1; i++)
            {
                contested[order[i]] = true;
            }
        }
    }

    /// <summary>By source id: the trust the last round ended with.</summary>
    public double[] Trust { get; }

    /// <summary>
    /// By claim id: the chance that what the claim says is right, from its sources' trust (or its
    /// verdict). The same array as <see cref="Beliefs"/> (4 bytes a claim less at the pass's peak):
    /// a round writes the confidences first, and pooling reads every one before it writes a belief.
    /// </summary>
    public float[] Confidences { get; }

    /// <summary>By claim id: how much of its vote a claim keeps, 1 unless its sources copy one another (<see cref="SourceDependence"/>).</summary>
    public VoteWeights Weight { get; }

    /// <summary>By claim id: the belief in the option it stands for within its subject; NaN where no claim is.</summary>
    public float[] Options { get; }

    /// <summary>By claim id: its belief, subject and chain pooled.</summary>
    public float[] Beliefs { get; }

    /// <summary>How many rounds run before copying is looked for (sooner when trust has converged).</summary>
    public const int DetectCopyingAfter = 10;

    /// <summary>How many source pairs the copy detection found dependent (probability above ½).</summary>
    public int DependentPairs { get; private set; }

    /// <summary>
    /// Runs rounds until no source's trust moves by <paramref name="convergence"/>, or <paramref name="maxRounds"/>; answers how many ran.
    /// Once, after <see cref="DetectCopyingAfter"/> rounds or at convergence if sooner, the claims of
    /// sources found copying one another are discounted (<see cref="SourceDependence"/>) and the rounds
    /// go on from there.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Run(int maxRounds, double convergence)
    {
        var (rounds, detected, change) = (0, false, double.MaxValue);
        while (rounds < maxRounds)
        {
            if (!detected && (rounds == DetectCopyingAfter || change < convergence))
            {
                detected = true;
                var (dependent, changed) = SourceDependence.Discount(inputs, Options, Trust, Weight);
                DependentPairs = dependent;
                change = changed ? double.MaxValue : change;
            }
            if (change < convergence)
            {
                break;
            }
            Confidence();
            CompeteWithinSubjects();
            inputs.Sides.Pool(Confidences, Weight, Options, contested, Beliefs);
            change = UpdateTrust();
            rounds++;
        }
        return rounds;
    }

    /// <summary>Each claim's confidence: its verdict's truth when rated, else the noisy-or of its path's weighed trust.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Confidence()
    {
        var (order, status, hopSource, hopDepth, weightAt) =
            (inputs.Order, inputs.Status, inputs.HopSource, inputs.HopDepth, inputs.WeightAt);
        var truthOf = BeliefInputs.TruthOf;
        var h = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var truth = truthOf[status[i]];
            var doubt = 1.0;
            for (var end = h + inputs.Hops.Length(i); h < end; h++)
            {
                doubt *= 1 - (weightAt[hopDepth[h]] * Trust[hopSource[h]]);
            }
            Confidences[order[i]] = float.IsNaN(truth) ? (float)(1 - doubt) : truth;
        }
    }

    /// <summary>
    /// Within every partition, each option's score is the sum of its claims' votes, plus, for
    /// quantities, the votes of the claims of agreeing values lent at their closeness (within
    /// <see cref="BeliefEngine.SupportTolerance"/>, the nearest <see cref="BeliefEngine.MaxNeighbours"/>
    /// on each side, found by walking out in value order: linear however many distinct values a
    /// subject has), and for categorical values, the votes of the claims of similar values lent at
    /// their closeness (<see cref="SimilarValues"/>). Rival options take the softmax of their scores;
    /// an option alone keeps its support.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void CompeteWithinSubjects()
    {
        var (order, optionStart, partitionStart, optionValue) = (inputs.Order, inputs.OptionStart, inputs.PartitionStart, inputs.OptionValue);
        for (var part = 0; part + 1 < partitionStart.Length; part++)
        {
            var (first, last) = (partitionStart[part], partitionStart[part + 1]);
            var quantities = inputs.PartitionUnit[part] >= 0;
            var implied = inputs.PartitionUnit[part] == BeliefInputs.Categorical && similar.Count > 0;
            scores.Clear();
            var top = double.NegativeInfinity;
            for (var o = first; o < last; o++)
            {
                var score = Score(o, 1);
                for (var other = o - 1; quantities && other >= Math.Max(first, o - BeliefEngine.MaxNeighbours) && Agree(optionValue[o], optionValue[other]); other--)
                {
                    score += Score(other, Closeness(optionValue[o], optionValue[other]));
                }
                for (var other = o + 1; quantities && other < Math.Min(last, o + 1 + BeliefEngine.MaxNeighbours) && Agree(optionValue[o], optionValue[other]); other++)
                {
                    score += Score(other, Closeness(optionValue[o], optionValue[other]));
                }
                if (implied && similar.TryGetValue(o, out var near))
                {
                    foreach (var (other, closeness) in near)
                    {
                        score += Score(other, closeness);
                    }
                }
                scores.Add(score);
                top = Math.Max(top, score);
            }
            var total = 0.0;
            foreach (var score in scores)
            {
                total += Competition.Share(score, top);
            }
            for (var o = first; o < last; o++)
            {
                var b = last - first == 1 ? Competition.Alone(scores[0]) : Competition.Share(scores[o - first], top) / total;
                for (var i = optionStart[o]; i < optionStart[o + 1]; i++)
                {
                    Options[order[i]] = (float)b;
                }
            }
            for (var o = first; implied && o < last; o++)
            {
                var b = (double)Options[order[optionStart[o]]];
                if (similar.TryGetValue(o, out var near))
                {
                    foreach (var (other, closeness) in near)
                    {
                        b += closeness * Options[order[optionStart[other]]];
                    }
                }
                for (var i = optionStart[o]; i < optionStart[o + 1]; i++)
                {
                    consistent![order[i]] = (float)Math.Min(1, b);
                }
            }
        }

        // An option's claims' votes, lent at closeness k.
        double Score(int option, double k)
        {
            var score = 0.0;
            for (var i = optionStart[option]; i < optionStart[option + 1]; i++)
            {
                var claim = order[i];
                score += Competition.Vote(Confidences[claim], k, Weight[claim]);
            }
            return score;
        }
    }

    /// <summary>
    /// Each source's trust: the mean of a Beta posterior whose prior is its credibility (the verdicts'
    /// evidence on the configured prior) and whose further evidence is the beliefs of its unrated
    /// claims, each weighed as its place on the claim's path (a categorical value's belief raised by
    /// its similar rivals', so writing the believed answer another way is not counted an error).
    /// Answers the largest change.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double UpdateTrust()
    {
        var (order, status, hopSource, hopDepth, weightAt) =
            (inputs.Order, inputs.Status, inputs.HopSource, inputs.HopDepth, inputs.WeightAt);
        for (var s = 0; s < prior.Length; s++)
        {
            (sum[s], weights[s]) = (prior[s] * strength[s], strength[s]);
        }
        var h = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var end = h + inputs.Hops.Length(i);
            if (!float.IsNaN(BeliefInputs.TruthOf[status[i]]))
            {
                h = end;
                continue; // a verdict already counts in the prior
            }
            for (; h < end; h++)
            {
                var weight = weightAt[hopDepth[h]];
                var b = Beliefs[order[i]];
                if (consistent is not null && !float.IsNaN(consistent[order[i]]))
                {
                    b = Math.Clamp(b + consistent[order[i]] - Options[order[i]], 0, 1);
                }
                sum[hopSource[h]] += weight * b;
                weights[hopSource[h]] += weight;
            }
        }
        var change = 0.0;
        for (var s = 0; s < prior.Length; s++)
        {
            var next = sum[s] / weights[s];
            change = Math.Max(change, Math.Abs(next - Trust[s]));
            Trust[s] = next;
        }
        return change;
    }

    /// <summary>
    /// Per subject with quantities or categorical values, the option believed most in the partition
    /// most claims use (a unit, or the categorical values); then, among options believed alike (within
    /// <see cref="Alike"/>, as formatting variants lending each other all their votes are), the one
    /// more claims make; then the first in order (the smaller value).
    /// </summary>
    public Dictionary<int, Estimated> Estimates()
    {
        var (order, starts, optionStart, partitionStart, optionValue) =
            (inputs.Order, inputs.Starts, inputs.OptionStart, inputs.PartitionStart, inputs.OptionValue);
        var estimates = new Dictionary<int, Estimated>();
        var part0 = 0;
        for (var s = 1; s + 1 < starts.Length; s++)
        {
            (int Claims, Estimated Estimate)? best = null;
            for (; part0 + 1 < partitionStart.Length && optionStart[partitionStart[part0]] < starts[s + 1]; part0++)
            {
                var (first, last) = (partitionStart[part0], partitionStart[part0 + 1]);
                var unit = inputs.PartitionUnit[part0];
                if (optionStart[first] < starts[s] || unit == BeliefInputs.Stances)
                {
                    continue;
                }
                var claims = optionStart[last] - optionStart[first];
                var top = first;
                for (var o = first + 1; o < last; o++)
                {
                    var (believed, topBelieved) = (Options[order[optionStart[o]]], Options[order[optionStart[top]]]);
                    var (made, topMade) = (optionStart[o + 1] - optionStart[o], optionStart[top + 1] - optionStart[top]);
                    var alike = Math.Abs(believed - topBelieved) <= Alike;
                    if ((believed > topBelieved && !alike) || (alike && made > topMade))
                    {
                        top = o;
                    }
                }
                if (best is null || claims > best.Value.Claims)
                {
                    var categorical = unit == BeliefInputs.Categorical;
                    var claim = order[optionStart[top]];
                    best = (claims, new Estimated(categorical ? double.NaN : optionValue[top], unit,
                        categorical ? (int)optionValue[top] : 0, Options[claim], claim));
                }
            }
            if (best is { } b)
            {
                estimates[s] = b.Estimate;
            }
        }
        return estimates;
    }

    /// <summary>Beliefs this close are alike for the estimate: their floats differ only by the order their votes were summed in.</summary>
    private const float Alike = 1e-6f;

    /// <summary>Whether two values agree, as subject groups count it: within the tolerance of the larger magnitude.</summary>
    private static bool Agree(double a, double b) => NumberAgreement.Agree(a, b, BeliefEngine.SupportTolerance);

    /// <summary>How much a claim of value <paramref name="b"/> supports value <paramref name="a"/>: 1 when equal, falling with relative distance.</summary>
    private static double Closeness(double a, double b)
    {
        var scale = Math.Max(Math.Abs(a), Math.Abs(b));
        return scale == 0 ? 1 : Math.Exp(-NumberAgreement.RelativeDifference(a, b) / BeliefEngine.SupportTolerance);
    }
}
