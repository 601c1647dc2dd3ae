namespace CredibilityApi.Reads;

/// <summary>
/// Where each index's run lies in a flat array of runs laid end to end in index order (a claim's
/// relays, its relations, a place's weighed sources), without an int start per index: each run's
/// length in a byte (255 and longer, rare, kept beside it in a dictionary), and the start of every
/// <see cref="Block"/>-th run, so a run's start adds at most that many lengths. About 1.25 bytes an
/// index against 4: at a million claims, 3.75 MB less for each such array.
/// </summary>
internal sealed class Runs
{
    /// <summary>Indexes per kept start.</summary>
    public const int Block = 16;

    private const byte Long = byte.MaxValue;

    private readonly byte[] lengths;
    private readonly int[] blockStarts;
    private readonly Dictionary<int, int> longLengths = [];
    private int added;
    private int total;

    /// <summary>Room for <paramref name="count"/> runs, given in index order by <see cref="Add"/>.</summary>
    public Runs(int count) => (lengths, blockStarts) = (new byte[count], new int[(count / Block) + 1]);

    /// <summary>No runs.</summary>
    public static readonly Runs None = new(0);

    /// <summary>How many indexes have a run (some of them empty).</summary>
    public int Count => lengths.Length;

    /// <summary>The runs' lengths summed: the flat array's length.</summary>
    public int Total => total;

    /// <summary>The runs' lengths, one per index, in index order.</summary>
    public static Runs Of(ReadOnlySpan<int> lengths)
    {
        var runs = new Runs(lengths.Length);
        foreach (var length in lengths)
        {
            runs.Add(length);
        }
        return runs;
    }

    /// <summary>The next index's run, after the one before it.</summary>
    public void Add(int length)
    {
        if (added % Block == 0)
        {
            blockStarts[added / Block] = total;
        }
        lengths[added] = (byte)Math.Min(length, Long);
        if (length >= Long)
        {
            longLengths[added] = length;
        }
        (added, total) = (added + 1, total + length);
    }

    /// <summary>How long index <paramref name="i"/>'s run is.</summary>
    public int Length(int i) => lengths[i] == Long ? longLengths[i] : lengths[i];

    /// <summary>Where index <paramref name="i"/>'s run starts.</summary>
    public int Start(int i)
    {
        var start = blockStarts[i / Block];
        for (var before = i - (i % Block); before < i; before++)
        {
            start += Length(before);
        }
        return start;
    }
}
