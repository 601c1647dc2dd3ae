namespace CredibilityApi.Text;

/// <summary>Levenshtein distance between folded names, for near spellings ("بلومبرغ" / "بلومبيرغ").</summary>
public static class EditDistance
{
    /// <summary>
    /// The number of single-character insertions, deletions and substitutions that turn
    /// <paramref name="a"/> into <paramref name="b"/>, or <paramref name="max"/> + 1 as soon as it is
    /// certain to exceed <paramref name="max"/>.
    /// </summary>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }
        var beyond = max + 1;
        // Names are short: the two rows live on the stack.
        Span<int> previous = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = Math.Min(j, beyond);
        }
        for (var i = 1; i <= a.Length; i++)
        {
            // Only cells within max of the diagonal can stay within max; the rest count as beyond.
            current.Fill(beyond);
            current[0] = Math.Min(i, beyond);
            var best = current[0];
            for (var j = Math.Max(1, i - max); j <= Math.Min(b.Length, i + max); j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1), beyond);
                best = Math.Min(best, current[j]);
            }
            if (best > max)
            {
                return beyond;
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.Length];
    }

    /// <summary>How many edits a name of this many folded characters may be away and still be a near spelling: one per five.</summary>
    public static int Allowed(int length) => Math.Min(length / 5, 3);

    /// <summary>1 for the same folded name, falling towards 0 with each edit relative to the longer name.</summary>
    public static double Similarity(string a, string b)
    {
        var longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 1 : 1 - ((double)Bounded(a, b, longer) / longer);
    }
}
