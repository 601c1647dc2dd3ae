using CredibilityApi.Articles;
using CredibilityApi.Sources;
using CredibilityApi.Text;

namespace CredibilityApi.Extraction;

/// <summary>
/// What a reader remembers while reading an article: every source named so far, with the head words
/// it was named by ("موقع", "وكالة", "ministry", "official") and the relays it came through, so that
/// "الموقع", "الوكالة", "the agency", "the official", "he" or a surname alone point back to it; and the
/// last claim, which a verb with no subject of its own ("وأضاف", "and said") continues.
/// </summary>
internal sealed class Discourse
{
    private readonly List<Entry> entries = [];

    public (ProposedSource Speaker, IReadOnlyList<ProposedSource> Via)? LastClaim { get; set; }

    public void Note(ProposedSource source, IReadOnlyCollection<string> heads, IReadOnlyList<ProposedSource> outward, string written)
    {
        var words = TextFold.Words(written).Select(w => w.Folded)
            .Concat(TextFold.Words(source.Name).Select(w => w.Folded))
            .ToHashSet(StringComparer.Ordinal);
        entries.Add(new Entry(source, heads, outward, words));
    }

    /// <summary>The latest source named with <paramref name="head"/>, else the latest of <paramref name="kind"/>.</summary>
    public (ProposedSource Source, IReadOnlyList<ProposedSource> Outward)? ByHead(string head, SourceKind? kind)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Heads.Contains(head) && (kind is null || entries[i].Source.Kind == kind))
            {
                return (entries[i].Source, entries[i].Outward);
            }
        }
        return kind is { } k ? ByKind(k) : null;
    }

    public (ProposedSource Source, IReadOnlyList<ProposedSource> Outward)? ByKind(SourceKind kind)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Source.Kind == kind)
            {
                return (entries[i].Source, entries[i].Outward);
            }
        }
        return null;
    }

    /// <summary>The latest named source whose words include all of <paramref name="words"/> ("أبو زيد" for "أحمد أبو زيد").</summary>
    public (ProposedSource Source, IReadOnlyList<ProposedSource> Outward)? ByWords(IReadOnlyCollection<string> words)
    {
        if (words.Count == 0)
        {
            return null;
        }
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Source.Kind != SourceKind.Anonymous && words.All(entries[i].Words.Contains))
            {
                return (entries[i].Source, entries[i].Outward);
            }
        }
        return null;
    }

    private sealed record Entry(ProposedSource Source, IReadOnlyCollection<string> Heads, IReadOnlyList<ProposedSource> Outward, HashSet<string> Words);
}
