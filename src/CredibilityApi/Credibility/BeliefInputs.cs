using CredibilityApi.Claims;
using CredibilityApi.Reads;

namespace CredibilityApi.Credibility;

/// <summary>
/// Everything a belief pass reads, copied from the graph and the index while they are held still,
/// so the rounds run without holding either. Claims are ordered by subject, then by partition (what
/// they answer: a unit's number for quantities, <see cref="Categorical"/> for categorical values,
/// <see cref="Stances"/> for the rest), then by option (the number, the folded value or the stance).
/// Per claim, by its place in <see cref="Order"/>: its status (whose truth is fixed when rated) and
/// its weighed sources (about 14 bytes a claim in all); per option, its value; per partition, its kind.
/// Every array is allocated once at its size: at a million claims the pass's copies are the largest
/// part of the service's peak memory.
/// </summary>
internal sealed class BeliefInputs
{
    /// <summary>The partition of claims that compete stance against stance.</summary>
    public const int Stances = -1;

    /// <summary>The partition of claims that give a categorical value: options are folded values (their interned numbers).</summary>
    public const int Categorical = -2;

    /// <summary>By status number: a rated claim's fixed truth, NaN when unrated.</summary>
    public static readonly float[] TruthOf =
        [.. Enum.GetValues<ClaimStatus>().OrderBy(s => (int)s).Select(s => (float)(CredibilityEngine.Truth(s) ?? double.NaN))];

    /// <summary>Claim ids, subject by subject: subject s's claims are at Starts[s] .. Starts[s + 1] (subject 0 is "none").</summary>
    public required int[] Order { get; init; }
    public required int[] Starts { get; init; }

    /// <summary>Option o's claims are at OptionStart[o] .. OptionStart[o + 1] of <see cref="Order"/>.</summary>
    public required int[] OptionStart { get; init; }

    /// <summary>Partition p's options are PartitionStart[p] .. PartitionStart[p + 1].</summary>
    public required int[] PartitionStart { get; init; }
    public required double[] OptionValue { get; init; }

    /// <summary>The folded value (<c>TextFold.Key</c>) of each categorical option, by option; the other options have none.</summary>
    public required Dictionary<int, string> CategoricalKeys { get; init; }

    /// <summary>A unit's number (1 or more) for quantities, else <see cref="Stances"/> or <see cref="Categorical"/>.</summary>
    public required int[] PartitionUnit { get; init; }
    /// <summary>By place: the claim's status number (its truth is <see cref="TruthOf"/> it).</summary>
    public required byte[] Status { get; init; }

    /// <summary>By place: the claim's run of weighed sources in <see cref="HopSource"/> and <see cref="HopDepth"/>.</summary>
    public required Runs Hops { get; init; }
    public required int[] HopSource { get; init; }
    public required byte[] HopDepth { get; init; }
    public required double[] WeightAt { get; init; }
    public required ChainPositions Sides { get; init; }
    public required int MaxClaim { get; init; }
    public required int MaxSource { get; init; }

    /// <summary>
    /// What a claim competes on within its subject: its unit's number and value for a quantity it
    /// asserts, <see cref="Categorical"/> and its folded value's number for a value it asserts, else
    /// <see cref="Stances"/> and its stance.
    /// </summary>
    private static (int Partition, double Value) KeyOf(ClaimIndex x, int claim)
    {
        var (_, stance, _, value, unit) = x.FactsOf(claim);
        if (stance != Stance.Asserts)
        {
            return (Stances, (double)stance);
        }
        return !double.IsNaN(value) ? (unit, value) : x.AnswerOf(claim) is var answer and > 0 ? (Categorical, answer) : (Stances, (double)stance);
    }

    /// <summary>Call inside the graph's and the index's read locks.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static BeliefInputs Gather(ClaimGraph g, ClaimIndex x, double relayDecay)
    {
        var (count, maxClaim, maxSubject) = (0, 0, 0);
        foreach (var c in x.Claims())
        {
            count++;
            (maxClaim, maxSubject) = (Math.Max(maxClaim, (int)c.Claim), Math.Max(maxSubject, c.Subject));
        }
        // Counted first, so every array is allocated once at its size. Subject s's claims take
        // places starts[s] .. starts[s + 1] of order; subject 0 is "none".
        var starts = new int[maxSubject + 2];
        foreach (var c in x.Claims())
        {
            starts[c.Subject + 1]++;
        }
        for (var s = 1; s < starts.Length; s++)
        {
            starts[s] += starts[s - 1];
        }
        var order = new int[count];
        var fill = (int[])starts.Clone();
        foreach (var c in x.Claims())
        {
            order[fill[c.Subject]++] = (int)c.Claim;
        }
        // Claims arrived in id order, so each subject's run is too; only its claims need ordering.
        Comparison<int> withinSubject = (a, b) =>
        {
            var ((pa, va), (pb, vb)) = (KeyOf(x, a), KeyOf(x, b));
            var compared = pa.CompareTo(pb);
            compared = compared != 0 ? compared : va.CompareTo(vb);
            return compared != 0 ? compared : a.CompareTo(b);
        };
        for (var s = 1; s + 1 < starts.Length; s++)
        {
            if (starts[s + 1] - starts[s] > 1)
            {
                order.AsSpan(starts[s], starts[s + 1] - starts[s]).Sort(withinSubject);
            }
        }

        // Options: runs of equal (subject, partition, value) in order; partitions: runs of equal
        // (subject, partition). Counted in a first walk and filled in a second, so every array is
        // allocated once at its size (a million claims: no growing lists left behind as garbage).
        var (options, partitions) = (0, 0);
        var categoricalKeys = new Dictionary<int, string>();
        var (optionStart, optionValue, partitionStart, partitionUnit) = (Array.Empty<int>(), Array.Empty<double>(), Array.Empty<int>(), Array.Empty<int>());
        for (var walk = 0; walk < 2; walk++)
        {
            if (walk == 1)
            {
                (optionStart, optionValue) = (new int[options + 1], new double[options]);
                (partitionStart, partitionUnit) = (new int[partitions + 1], new int[partitions]);
                (options, partitions) = (0, 0);
            }
            for (var s = 0; s + 1 < starts.Length; s++)
            {
                var last = default((int Partition, double Value));
                for (var i = starts[s]; i < starts[s + 1]; i++)
                {
                    var key = KeyOf(x, order[i]);
                    var samePartition = s != 0 && i > starts[s] && key.Partition == last.Partition;
                    if (!samePartition)
                    {
                        if (walk == 1)
                        {
                            (partitionStart[partitions], partitionUnit[partitions]) = (options, key.Partition);
                        }
                        partitions++;
                    }
                    if (!samePartition || key.Value != last.Value)
                    {
                        if (walk == 1)
                        {
                            (optionStart[options], optionValue[options]) = (i, key.Value);
                            if (key.Partition == Categorical && x.AnswerKey((int)key.Value) is { } folded)
                            {
                                categoricalKeys[options] = folded;
                            }
                        }
                        options++;
                    }
                    last = key;
                }
            }
        }
        optionStart[options] = order.Length;
        partitionStart[partitions] = options;

        // Each claim's sources as the pass weighs them: the first named source owns the claim and
        // weighs 1, each hop after it RelayDecay times the one before, and a source on the path
        // twice counts at its first, heaviest, place. Counted first, then filled, as above.
        var status = new byte[count];
        var hopRuns = new Runs(count);
        var path = new List<int>();
        for (var i = 0; i < count; i++)
        {
            status[i] = (byte)x.FactsOf(order[i]).Status;
            x.AttributionOf(order[i], path);
            var hops = 0;
            for (var h = x.OwnerOf(path); h < path.Count; h++)
            {
                hops += path.IndexOf(path[h]) == h ? 1 : 0;
            }
            hopRuns.Add(hops);
        }
        var (hopSource, hopDepth) = (new int[hopRuns.Total], new byte[hopRuns.Total]);
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            x.AttributionOf(order[i], path);
            var owner = x.OwnerOf(path);
            for (var h = owner; h < path.Count; h++)
            {
                if (path.IndexOf(path[h]) == h)
                {
                    (hopSource[at], hopDepth[at]) = (path[h], (byte)Math.Min(h - owner, byte.MaxValue));
                    at++;
                }
            }
        }
        return new BeliefInputs
        {
            Order = order,
            Starts = starts,
            OptionStart = optionStart,
            PartitionStart = partitionStart,
            OptionValue = optionValue,
            CategoricalKeys = categoricalKeys,
            PartitionUnit = partitionUnit,
            Status = status,
            Hops = hopRuns,
            HopSource = hopSource,
            HopDepth = hopDepth,
            WeightAt = [.. Enumerable.Range(0, byte.MaxValue + 1).Select(k => Math.Pow(relayDecay, k))],
            Sides = ChainPositions.Of(g, order, maxClaim + 1),
            MaxClaim = maxClaim,
            MaxSource = x.SourceLimit - 1,
        };
    }
}
