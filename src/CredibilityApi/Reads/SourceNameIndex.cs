using System.Data;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using Dapper;

namespace CredibilityApi.Reads;

/// <summary>
/// Every source's name and aliases as folded words, in memory, so that resolving a name and finding
/// the sources a page cites take time that grows with the text, not with the number of sources.
/// <see cref="ReadModel"/> loads it on first use (the names of every source take memory a service
/// that never resolves a name need not spend) and afterwards re-reads only the sources the change
/// feed names; ask the read model for it (<see cref="ReadModel.NamesAsync"/>), so it never answers
/// from names older than the request.
/// </summary>
public sealed class SourceNameIndex : IDisposable
{
    /// <summary>
    /// Words of a page matched per turn of the read lock: the catch-up (which a writer inside the write
    /// gate may be waiting for, such as the ClaimReview import) never waits longer than one turn.
    /// </summary>
    private const int WordsPerTurn = 2_048;

    private readonly ReaderWriterLockSlim gate = new();
    private NameTable table = new();

    /// <summary>
    /// Sources whose name or an alias is <paramref name="name"/> once folded (exact), once an attached
    /// prefix is off its first word (prefix), or, when <paramref name="near"/>, within a few edits
    /// relative to its length (near). One match per source, its best; exact first, then prefix, then near.
    /// </summary>
    public IReadOnlyList<SourceMatch> Resolve(string name, int limit, bool near)
    {
        gate.EnterReadLock();
        try
        {
            return table.Resolve(name, limit, near);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// The first place <paramref name="text"/> names each known source, in text order, the longest name
    /// winning where names overlap. Time grows with the text (its words times the words of the longest
    /// name), never with how many sources share words; the index is read a few thousand words at a
    /// time, so changes to it are never held up for long, and <paramref name="ct"/> (the client leaving)
    /// stops the work between turns.
    /// </summary>
    public IReadOnlyList<SourceMention> FindMentions(string text, CancellationToken ct) =>
        Find(text, all: false, ct);

    /// <summary>
    /// Every place <paramref name="text"/> names a known source, in text order, the longest name winning
    /// where names overlap (one source per place, the latest added where several share the name): what
    /// claim extraction reads speakers and relays from. Same matching and cost as <see cref="FindMentions"/>.
    /// </summary>
    public IReadOnlyList<SourceMention> FindAllMentions(string text, CancellationToken ct) =>
        Find(text, all: true, ct);

    private List<SourceMention> Find(string text, bool all, CancellationToken ct)
    {
        var words = new List<Word>();
        foreach (var word in TextFold.Words(text))
        {
            if (words.Count % WordsPerTurn == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            words.Add(word);
        }

        // One table throughout: one swapped out meanwhile (a full load, a compaction) is changed no more.
        var names = Volatile.Read(ref table);
        var found = new List<NameTable.Found>();
        for (var from = 0; from < words.Count; from += WordsPerTurn)
        {
            ct.ThrowIfCancellationRequested();
            gate.EnterReadLock();
            try
            {
                names.Collect(text, words, from, Math.Min(words.Count, from + WordsPerTurn), found);
            }
            finally
            {
                gate.ExitReadLock();
            }
        }
        ct.ThrowIfCancellationRequested();
        var ordered = NameTable.InTextOrder(found);
        gate.EnterReadLock();
        try
        {
            return all ? names.Every(ordered) : names.Cite(ordered);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>Every source's names, read inside the read model's transaction.</summary>
    internal static Changes ReadAll(IDbConnection c, IDbTransaction tx)
    {
        const string sources = "SELECT id, name, kind FROM sources";
        const string aliases = "SELECT source_id, text FROM source_aliases ORDER BY source_id, position";
        return new Changes(
            [],
            [.. c.Query<NameRow>(sources, transaction: tx)],
            c.Query<AliasRow>(aliases, transaction: tx).ToLookup(a => a.SourceId, a => a.Text));
    }

    /// <summary>The names of the sources the feed named (a deleted one has none), read inside the read model's transaction.</summary>
    internal static Changes ReadChanged(IDbConnection c, IDbTransaction tx, IReadOnlyCollection<long> ids)
    {
        var (sources, aliases) = (new List<NameRow>(), new List<AliasRow>());
        foreach (var chunk in ids.Chunk(500))
        {
            var list = string.Join(',', chunk);
            sources.AddRange(c.Query<NameRow>($"SELECT id, name, kind FROM sources WHERE id IN ({list})", transaction: tx));
            aliases.AddRange(c.Query<AliasRow>(
                $"SELECT source_id, text FROM source_aliases WHERE source_id IN ({list}) ORDER BY source_id, position", transaction: tx));
        }
        return new Changes([.. ids], sources, aliases.ToLookup(a => a.SourceId, a => a.Text));
    }

    /// <summary>
    /// Only the catch-up, one at a time, changes the table; requests read it under the lock. A full
    /// load or a compaction is built aside and swapped in, so requests are not held up meanwhile.
    /// </summary>
    internal void Apply(Changes changes, bool replaceAll)
    {
        if (replaceAll)
        {
            var loaded = new NameTable();
            AddSources(loaded, changes);
            loaded.TrimExcess();
            Swap(loaded);
            return;
        }
        gate.EnterWriteLock();
        try
        {
            foreach (var id in changes.Removed)
            {
                table.Remove(id);
            }
            AddSources(table, changes);
        }
        finally
        {
            gate.ExitWriteLock();
        }
        if (table.IsMostlyRemoved)
        {
            Swap(table.Compacted());
        }
    }

    private static void AddSources(NameTable names, Changes changes)
    {
        foreach (var row in changes.Sources)
        {
            names.Add(new SourceRef(row.Id, row.Name, EnumText<SourceKind>.Parse(row.Kind)), [row.Name, .. changes.Aliases[row.Id]]);
        }
    }

    private void Swap(NameTable replacement)
    {
        gate.EnterWriteLock();
        Volatile.Write(ref table, replacement);
        gate.ExitWriteLock();
    }

    internal sealed record Changes(IReadOnlyList<long> Removed, IReadOnlyList<NameRow> Sources, ILookup<long, string> Aliases);

    internal sealed class NameRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
    }

    internal sealed class AliasRow
    {
        public long SourceId { get; init; }
        public string Text { get; init; } = "";
    }

    /// <summary>
    /// The names themselves, as a tree of folded words: a node per run of leading words some name has,
    /// its children one word further (a map from (node, word) to node), and the names ending there
    /// chained from it. Matching walks the tree along the text, a dictionary look-up per word however
    /// many names share those words. Near spellings go by character pairs per name length. A removed
    /// source's entries are only marked gone; the table is rebuilt once most of it is.
    /// </summary>
    private sealed class NameTable
    {
        private const int Root = 0;

        private readonly List<Entry> entries = [];
        private readonly List<int> nextAtNode = [];
        private readonly List<int> firstAtNode = [-1];
        private readonly List<int> liveAtNode = [0];
        private readonly Dictionary<string, int> wordIds = new(StringComparer.Ordinal);
        private readonly Dictionary<long, int> children = [];
        private readonly Dictionary<long, List<int>> byPairAndLength = [];
        private readonly Dictionary<long, SourceNames> sources = [];
        private int removed;

        public bool IsMostlyRemoved => removed > 1_000 && removed > entries.Count / 2;

        public void Add(SourceRef source, IReadOnlyList<string> texts)
        {
            var names = new SourceNames(source, texts, []);
            sources[source.Id] = names;
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in texts)
            {
                var words = TextFold.Words(text).Select(w => w.Folded).ToArray();
                var key = string.Join(' ', words);
                if (words.Length == 0 || !keys.Add(key))
                {
                    continue;
                }
                var node = Root;
                foreach (var word in words)
                {
                    node = ChildOrNew(node, word);
                }
                var index = entries.Count;
                entries.Add(new Entry(source, text, key, node));
                names.Entries.Add(index);
                nextAtNode.Add(firstAtNode[node]);
                firstAtNode[node] = index;
                liveAtNode[node]++;
                foreach (var pair in Pairs(key))
                {
                    var bucket = PairAndLength(pair, key.Length);
                    if (!byPairAndLength.TryGetValue(bucket, out var postings))
                    {
                        byPairAndLength[bucket] = postings = [];
                    }
                    postings.Add(index);
                }
            }
        }

        public void Remove(long sourceId)
        {
            if (sources.Remove(sourceId, out var names))
            {
                foreach (var index in names.Entries)
                {
                    liveAtNode[entries[index].Node]--;
                    entries[index] = default;
                    removed++;
                }
            }
        }

        /// <summary>Drops the spare capacity a full load leaves in the postings.</summary>
        public void TrimExcess()
        {
            foreach (var postings in byPairAndLength.Values)
            {
                postings.TrimExcess();
            }
            entries.TrimExcess();
            nextAtNode.TrimExcess();
            firstAtNode.TrimExcess();
            liveAtNode.TrimExcess();
        }

        public NameTable Compacted()
        {
            var compacted = new NameTable();
            foreach (var names in sources.Values)
            {
                compacted.Add(names.Source, names.Texts);
            }
            compacted.TrimExcess();
            return compacted;
        }

        public IReadOnlyList<SourceMatch> Resolve(string name, int limit, bool near)
        {
            var words = TextFold.Words(name).Select(w => w.Folded).ToArray();
            if (words.Length == 0)
            {
                return [];
            }
            var query = string.Join(' ', words);
            var readings = TextFold.WithoutPrefixes(words[0])
                .Select(v => (Words: (string[])[v.Stem, .. words[1..]], Match: NameMatch.Prefix))
                .Prepend((Words: words, Match: NameMatch.Exact));
            var best = new Dictionary<long, SourceMatch>();

            void Offer(Entry entry, NameMatch match)
            {
                var score = match == NameMatch.Exact ? 1 : Math.Round(EditDistance.Similarity(query, entry.Key), 3);
                var candidate = new SourceMatch(entry.Source!, entry.Text, match, score);
                if (!best.TryGetValue(candidate.Source.Id, out var held) || Order(candidate, held) < 0)
                {
                    best[candidate.Source.Id] = candidate;
                }
            }

            foreach (var (reading, match) in readings)
            {
                var node = Root;
                foreach (var word in reading)
                {
                    if ((node = Child(node, word)) < 0)
                    {
                        break;
                    }
                }
                if (node >= 0)
                {
                    foreach (var entry in LiveAt(node))
                    {
                        Offer(entry, match);
                    }
                }
                if (near)
                {
                    var key = string.Join(' ', reading);
                    var allowed = EditDistance.Allowed(key.Length);
                    foreach (var entry in NearCandidates(key, allowed))
                    {
                        if (EditDistance.Bounded(key, entry.Key, allowed) <= allowed)
                        {
                            Offer(entry, NameMatch.Near);
                        }
                    }
                }
            }
            return [.. best.Values.Order(Comparer<SourceMatch>.Create(Order)).Take(limit)];
        }

        /// <summary>
        /// The longest names starting at each of <paramref name="words"/>[from..to) (and at each reading of
        /// the word with an attached prefix off), running on over words on the same line: a walk down the
        /// tree, one look-up a word, as deep as the text keeps matching.
        /// </summary>
        public void Collect(string text, List<Word> words, int from, int to, List<Found> found)
        {
            for (var i = from; i < to; i++)
            {
                var word = words[i];
                foreach (var (first, prefixLength) in TextFold.WithoutPrefixes(word.Folded).Prepend((word.Folded, 0)))
                {
                    int deepest = -1, last = i;
                    var node = Child(Root, first);
                    for (var w = i; node >= 0;)
                    {
                        if (liveAtNode[node] > 0)
                        {
                            (deepest, last) = (node, w);
                        }
                        w++;
                        node = w < words.Count && words[w].FollowsClosely ? Child(node, words[w].Folded) : -1;
                    }
                    if (deepest >= 0)
                    {
                        // Where the name starts once the prefix is off.
                        var start = prefixLength == 0 ? word.Start : TextFold.OffsetInWord(text, word, prefixLength);
                        found.Add(new Found(start, words[last].End, deepest));
                    }
                }
            }
        }

        /// <summary>Names found, by where they start, the longer first where two start alike.</summary>
        public static List<Found> InTextOrder(List<Found> found) => [.. found.OrderBy(f => f.Start).ThenByDescending(f => f.End)];

        /// <summary>
        /// Where names overlap the longest wins ("شبكة نهرين نت" over "نهرين نت"); sources sharing the very
        /// same span all count. Each source is cited once, where it is first named; the sources of a name
        /// are listed the first time it is taken only, so a name repeated throughout a page costs no more.
        /// </summary>
        public List<SourceMention> Cite(List<Found> ordered)
        {
            var mentions = new List<SourceMention>();
            var cited = new HashSet<long>();
            var listed = new HashSet<int>();
            var taken = (Start: -1, End: -1);
            foreach (var (start, end, node) in ordered)
            {
                if (start < taken.End && (start, end) != taken)
                {
                    continue;
                }
                taken = (start, end);
                if (!listed.Add(node))
                {
                    continue;
                }
                foreach (var entry in LiveAt(node))
                {
                    if (cited.Add(entry.Source!.Id))
                    {
                        mentions.Add(new SourceMention(entry.Source, start, end, entry.Text));
                    }
                }
            }
            return mentions;
        }

        /// <summary>Every place a name is taken (the longest where names overlap), with the first of its sources.</summary>
        public List<SourceMention> Every(List<Found> ordered)
        {
            var mentions = new List<SourceMention>();
            var takenEnd = -1;
            foreach (var (start, end, node) in ordered)
            {
                if (start < takenEnd)
                {
                    continue;
                }
                foreach (var entry in LiveAt(node))
                {
                    mentions.Add(new SourceMention(entry.Source!, start, end, entry.Text));
                    takenEnd = end;
                    break;
                }
            }
            return mentions;
        }

        /// <summary>The live entries whose name ends at <paramref name="node"/>, the latest added first.</summary>
        private IEnumerable<Entry> LiveAt(int node)
        {
            for (var index = firstAtNode[node]; index >= 0; index = nextAtNode[index])
            {
                if (entries[index].Source is not null)
                {
                    yield return entries[index];
                }
            }
        }

        /// <summary>The node one <paramref name="word"/> below <paramref name="node"/>, or -1.</summary>
        private int Child(int node, string word) =>
            wordIds.TryGetValue(word, out var id) && children.TryGetValue(Edge(node, id), out var child) ? child : -1;

        private int ChildOrNew(int node, string word)
        {
            if (!wordIds.TryGetValue(word, out var id))
            {
                wordIds[word] = id = wordIds.Count;
            }
            var edge = Edge(node, id);
            if (!children.TryGetValue(edge, out var child))
            {
                children[edge] = child = firstAtNode.Count;
                firstAtNode.Add(-1);
                liveAtNode.Add(0);
            }
            return child;
        }

        private static long Edge(int node, int wordId) => ((long)node << 32) | (uint)wordId;

        /// <summary>
        /// Entries that may lie within <paramref name="allowed"/> edits of <paramref name="key"/>: their length
        /// is within <paramref name="allowed"/> of its, and since each edit spoils at most two of the key's
        /// distinct character pairs, they keep all but 2·allowed of them, so at least one of any
        /// 2·allowed + 1. Only that many of the rarest pairs are looked up, and only entries keeping
        /// enough pairs are passed on to be measured.
        /// </summary>
        private List<Entry> NearCandidates(string key, int allowed)
        {
            var pairs = Pairs(key).ToHashSet();
            var needed = pairs.Count - (2 * allowed);
            if (allowed == 0 || needed < 1)
            {
                return [];
            }
            var lengths = Enumerable.Range(key.Length - allowed, (2 * allowed) + 1);
            var probed = new HashSet<int>();
            foreach (var postings in pairs
                         .Select(pair => lengths.Select(length => byPairAndLength.GetValueOrDefault(PairAndLength(pair, length)) ?? []).ToList())
                         .OrderBy(lists => lists.Sum(l => l.Count))
                         .Take((2 * allowed) + 1)
                         .SelectMany(lists => lists))
            {
                probed.UnionWith(postings);
            }
            var candidates = new List<Entry>();
            var kept = new HashSet<int>();
            foreach (var index in probed)
            {
                var entry = entries[index];
                if (entry.Source is null)
                {
                    continue;
                }
                kept.Clear();
                for (var i = 0; i + 1 < entry.Key.Length; i++)
                {
                    var pair = (entry.Key[i] << 16) | entry.Key[i + 1];
                    if (pairs.Contains(pair))
                    {
                        kept.Add(pair);
                    }
                }
                if (kept.Count >= needed)
                {
                    candidates.Add(entry);
                }
            }
            return candidates;
        }

        private static IEnumerable<int> Pairs(string key) =>
            Enumerable.Range(0, Math.Max(0, key.Length - 1)).Select(i => (key[i] << 16) | key[i + 1]).Distinct();

        private static long PairAndLength(int pair, int length) => ((long)pair << 16) | (uint)length;

        private static int Order(SourceMatch a, SourceMatch b)
        {
            var byKind = a.Match.CompareTo(b.Match);
            if (byKind != 0)
            {
                return byKind;
            }
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : a.Source.Id.CompareTo(b.Source.Id);
        }

        /// <summary>A name found in a text: [start, end) in the text, the node of the tree it ends at.</summary>
        public readonly record struct Found(int Start, int End, int Node);

        /// <summary>One name of a source, folded, and the node of the tree it ends at; a removed one has no source.</summary>
        private readonly record struct Entry(SourceRef? Source, string Text, string Key, int Node);

        private sealed record SourceNames(SourceRef Source, IReadOnlyList<string> Texts, List<int> Entries);
    }
}

/// <summary>A place in a text that names a known source: [start, end) in the text as given, and the name or alias that matched.</summary>
public sealed record SourceMention(SourceRef Source, int Start, int End, string MatchedAlias);
