using System.Data;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Text;
using Dapper;

namespace CredibilityApi.Sources;

/// <summary>
/// Every source's name and aliases as folded words, in memory, so that resolving a name and finding
/// the sources a page cites take time that grows with the text, not with the number of sources.
/// Before each use it catches up with <c>source_name_changes</c> (migrations/0011), which every write
/// to a source or an alias advances whoever makes it, so it never answers from names older than the
/// request. It loads everything on first use and afterwards only the sources that changed.
/// </summary>
public sealed class SourceNameIndex(Db db) : IDisposable
{
    private readonly SemaphoreSlim catchUp = new(1, 1);
    private readonly ReaderWriterLockSlim gate = new();
    private NameTable table = new();
    private long seen = -1;

    /// <summary>
    /// Sources whose name or an alias is <paramref name="name"/> once folded (exact), once an attached
    /// prefix is off its first word (prefix), or, when <paramref name="near"/>, within a few edits
    /// relative to its length (near). One match per source, its best; exact first, then prefix, then near.
    /// </summary>
    public async Task<IReadOnlyList<SourceMatch>> ResolveAsync(string name, int limit, bool near, CancellationToken ct)
    {
        await CatchUpAsync(ct);
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

    /// <summary>Every place <paramref name="text"/> names a known source, in text order, longest name first where names overlap.</summary>
    public async Task<IReadOnlyList<SourceMention>> FindMentionsAsync(string text, CancellationToken ct)
    {
        await CatchUpAsync(ct);
        gate.EnterReadLock();
        try
        {
            return table.FindMentions(text);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public void Dispose()
    {
        catchUp.Dispose();
        gate.Dispose();
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        const string latest = "SELECT coalesce(max(seq), 0) FROM source_name_changes";
        var known = Interlocked.Read(ref seen);
        if (known >= 0 && await db.ReadAsync(c => c.ExecuteScalarAsync<long>(latest), ct) == known)
        {
            return;
        }
        await catchUp.WaitAsync(ct);
        try
        {
            await db.ReadAsync(async c =>
            {
                // One read transaction: the names and the sequence number they are current to agree.
                using var tx = c.BeginTransaction(deferred: true);
                var upTo = await c.ExecuteScalarAsync<long>(latest, transaction: tx);
                var from = Interlocked.Read(ref seen);
                if (upTo != from)
                {
                    var changes = from < 0 ? await LoadAllAsync(c, tx) : await LoadChangedAsync(c, tx, from);
                    Apply(changes, replaceAll: from < 0);
                    Interlocked.Exchange(ref seen, upTo);
                }
                return upTo;
            }, ct);
        }
        finally
        {
            catchUp.Release();
        }
    }

    private static async Task<Changes> LoadAllAsync(IDbConnection c, IDbTransaction tx)
    {
        const string sources = "SELECT id, name, kind FROM sources";
        const string aliases = "SELECT source_id, text FROM source_aliases ORDER BY source_id, position";
        return new Changes(
            [],
            [.. await c.QueryAsync<NameRow>(sources, transaction: tx)],
            (await c.QueryAsync<AliasRow>(aliases, transaction: tx)).ToLookup(a => a.SourceId, a => a.Text));
    }

    private static async Task<Changes> LoadChangedAsync(IDbConnection c, IDbTransaction tx, long after)
    {
        const string changed = "SELECT source_id FROM source_name_changes WHERE seq > @After";
        const string sources = """
            SELECT s.id, s.name, s.kind FROM source_name_changes ch JOIN sources s ON s.id = ch.source_id
            WHERE ch.seq > @After
            """;
        const string aliases = """
            SELECT a.source_id, a.text FROM source_name_changes ch JOIN source_aliases a ON a.source_id = ch.source_id
            WHERE ch.seq > @After ORDER BY a.source_id, a.position
            """;
        var args = new { After = after };
        return new Changes(
            [.. await c.QueryAsync<long>(changed, args, tx)],
            [.. await c.QueryAsync<NameRow>(sources, args, tx)],
            (await c.QueryAsync<AliasRow>(aliases, args, tx)).ToLookup(a => a.SourceId, a => a.Text));
    }

    /// <summary>
    /// Only the catch-up, one at a time, changes the table; requests read it under the lock. A full
    /// load or a compaction is built aside and swapped in, so requests are not held up meanwhile.
    /// </summary>
    private void Apply(Changes changes, bool replaceAll)
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
        table = replacement;
        gate.ExitWriteLock();
    }

    private sealed record Changes(IReadOnlyList<long> Removed, IReadOnlyList<NameRow> Sources, ILookup<long, string> Aliases);

    private sealed class NameRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
    }

    private sealed class AliasRow
    {
        public long SourceId { get; init; }
        public string Text { get; init; } = "";
    }

    /// <summary>
    /// The names themselves. Lookups go by the first one or two folded words of a name (entries with the
    /// same lead are chained), near spellings by character pairs per name length. A removed source's
    /// entries are only marked gone; the table is rebuilt once most of it is.
    /// </summary>
    private sealed class NameTable
    {
        private readonly List<Entry> entries = [];
        private readonly List<int> nextWithLead = [];
        private readonly Dictionary<string, int> byLead = new(StringComparer.Ordinal);
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
                var index = entries.Count;
                entries.Add(new Entry(source, text, key, words.Length));
                names.Entries.Add(index);
                var lead = LeadOf(key);
                nextWithLead.Add(byLead.TryGetValue(lead, out var next) ? next : -1);
                byLead[lead] = index;
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
            nextWithLead.TrimExcess();
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
            var rest = words.Length > 1 ? " " + string.Join(' ', words[1..]) : "";
            var readings = TextFold.WithoutPrefixes(words[0])
                .Select(v => (Key: v.Stem + rest, Match: NameMatch.Prefix))
                .Prepend((Key: query, Match: NameMatch.Exact));
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

            var leads = byLead.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var (reading, match) in readings)
            {
                foreach (var entry in WithLead(leads, LeadOf(reading)))
                {
                    if (entry.Key == reading)
                    {
                        Offer(entry, match);
                    }
                }
                if (near)
                {
                    var allowed = EditDistance.Allowed(reading.Length);
                    foreach (var entry in NearCandidates(reading, allowed))
                    {
                        if (EditDistance.Bounded(reading, entry.Key, allowed) <= allowed)
                        {
                            Offer(entry, NameMatch.Near);
                        }
                    }
                }
            }
            return [.. best.Values.Order(Comparer<SourceMatch>.Create(Order)).Take(limit)];
        }

        public IReadOnlyList<SourceMention> FindMentions(string text)
        {
            var words = TextFold.Words(text).ToList();
            var leads = byLead.GetAlternateLookup<ReadOnlySpan<char>>();
            var found = new List<(int Start, int End, Entry Entry)>();
            var lead = new char[64];
            for (var i = 0; i < words.Count; i++)
            {
                var word = words[i];
                foreach (var (first, prefixLength) in TextFold.WithoutPrefixes(word.Folded).Prepend((word.Folded, 0)))
                {
                    // Where a name starts once the prefix is off: only worked out for a match.
                    int Start() => prefixLength == 0 ? word.Start : TextFold.OffsetInWord(text, word, prefixLength);

                    foreach (var entry in WithLead(leads, first))
                    {
                        found.Add((Start(), word.End, entry));
                    }
                    if (i + 1 == words.Count || !words[i + 1].FollowsClosely)
                    {
                        continue;
                    }
                    var next = words[i + 1].Folded;
                    var length = first.Length + 1 + next.Length;
                    if (lead.Length < length)
                    {
                        lead = new char[length * 2];
                    }
                    first.CopyTo(lead);
                    lead[first.Length] = ' ';
                    next.CopyTo(lead.AsSpan(first.Length + 1));
                    foreach (var entry in WithLead(leads, lead.AsSpan(0, length)))
                    {
                        if (FollowingWordsMatch(words, i + 2, entry))
                        {
                            found.Add((Start(), words[i + entry.WordCount - 1].End, entry));
                        }
                    }
                }
            }

            // Where names overlap the longest wins ("شبكة نهرين نت" over "نهرين نت"); sources sharing
            // the very same span all count.
            var mentions = new List<SourceMention>();
            var cited = new HashSet<(int Start, long SourceId)>();
            var taken = (Start: -1, End: -1);
            foreach (var (start, end, entry) in found.OrderBy(f => f.Start).ThenByDescending(f => f.End))
            {
                if ((start >= taken.End || (start, end) == taken) && cited.Add((start, entry.Source!.Id)))
                {
                    taken = (start, end);
                    mentions.Add(new SourceMention(entry.Source, start, end, entry.Text));
                }
            }
            return mentions;
        }

        /// <summary>Whether the words from <paramref name="from"/> on continue the name past its first two words, on the same line.</summary>
        private static bool FollowingWordsMatch(List<Word> words, int from, Entry entry)
        {
            if (from + entry.WordCount - 2 > words.Count)
            {
                return false;
            }
            var key = entry.Key.AsSpan();
            var at = key.IndexOf(' ') + 1;
            at += key[at..].IndexOf(' ') + 1;
            for (var w = from; w < from + entry.WordCount - 2; w++)
            {
                var end = key[at..].IndexOf(' ');
                var part = end < 0 ? key[at..] : key.Slice(at, end);
                if (!words[w].FollowsClosely || !part.SequenceEqual(words[w].Folded))
                {
                    return false;
                }
                at += part.Length + 1;
            }
            return true;
        }

        /// <summary>The live entries whose first one or two words are <paramref name="lead"/>.</summary>
        private IReadOnlyList<Entry> WithLead(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> leads, ReadOnlySpan<char> lead)
        {
            if (!leads.TryGetValue(lead, out var index))
            {
                return [];
            }
            var found = new List<Entry>();
            for (; index >= 0; index = nextWithLead[index])
            {
                if (entries[index].Source is not null)
                {
                    found.Add(entries[index]);
                }
            }
            return found;
        }

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

        /// <summary>The first two words of a key, or all of it: the same string when the key has no more.</summary>
        private static string LeadOf(string key)
        {
            var first = key.IndexOf(' ', StringComparison.Ordinal);
            var second = first < 0 ? -1 : key.IndexOf(' ', first + 1);
            return second < 0 ? key : key[..second];
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

        /// <summary>One name of a source, folded; a removed one has no source.</summary>
        private readonly record struct Entry(SourceRef? Source, string Text, string Key, int WordCount);

        private sealed record SourceNames(SourceRef Source, IReadOnlyList<string> Texts, List<int> Entries);
    }
}

/// <summary>A place in a text that names a known source: [start, end) in the text as given, and the name or alias that matched.</summary>
public sealed record SourceMention(SourceRef Source, int Start, int End, string MatchedAlias);
