using System.Data.Common;
using CredibilityApi.Data;
using CredibilityApi.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Reads;

/// <summary>How the index is filled: loaded whole at start-up, then re-read claim by claim as the feed names them.</summary>
public sealed partial class ClaimIndex
{
    /// <summary>Fills the index from the tables, inside the read model's load transaction.</summary>
    internal void Load(DbConnection connection, DbTransaction transaction)
    {
        var (claimCount, sourceCount) = (0, 0);
        var maxClaim = connection.ExecuteScalar<long?>("SELECT max(id) FROM claims", transaction: transaction) ?? 0;
        var maxSource = connection.ExecuteScalar<long?>("SELECT max(id) FROM sources", transaction: transaction) ?? 0;
        var relays = connection.ExecuteScalar<int>("SELECT count(*) FROM claim_via", transaction: transaction);
        gate.EnterWriteLock();
        try
        {
            // sized once, so a large load does not grow the arrays step by step
            GrowClaims(maxClaim);
            GrowSources(maxSource);
            // Relays arrive in claim order: counted per claim, then kept as runs.
            var counts = new int[maxClaim + 1];
            loadedVia = new int[relays];
            var loadedRelays = 0;
            // Nobody reads before the load completes, so rows go straight into the arrays.
            Read(connection, transaction, claimIds: null, sourceIds: null, new Sink(
                row => { ApplyClaim(row); claimCount++; },
                row =>
                {
                    loadedVia[loadedRelays++] = row.Source;
                    counts[row.Claim]++;
                },
                ApplyVerdict,
                source => { ApplySource(source); sourceCount++; },
                ApplyTopic));
            loadedViaRuns = Runs.Of(counts);
            Interlocked.Increment(ref version);
        }
        finally
        {
            gate.ExitWriteLock();
        }
        LogLoaded(claimCount, sourceCount);
    }

    /// <summary>The claims whose article is one of <paramref name="articleIds"/>: a publisher changed under them.</summary>
    internal static IEnumerable<long> ClaimsOfArticles(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> articleIds)
    {
        var claims = new List<long>();
        foreach (var filter in Filters(articleIds))
        {
            Query(connection, transaction, $"SELECT id FROM claims c {filter("WHERE c.article_id")}", r => claims.Add(r.GetInt64(0)));
        }
        return claims;
    }

    /// <summary>The rows of the given claims and sources, read inside the read model's catch-up transaction.</summary>
    internal static Rows ReadRows(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> claimIds, IReadOnlyCollection<long> sourceIds)
    {
        var rows = new Rows(claimIds, sourceIds);
        Read(connection, transaction, claimIds, sourceIds, new Sink(rows.Claims.Add, rows.Via.Add, rows.Verdicts.Add, rows.Sources.Add, rows.Topics.Add));
        return rows;
    }

    /// <summary>Replaces what the index holds of the claims and sources re-read into <paramref name="rows"/>.</summary>
    internal void Apply(Rows rows)
    {
        if (rows.ClaimIds.Count == 0 && rows.SourceIds.Count == 0)
        {
            return;
        }
        gate.EnterWriteLock();
        try
        {
            Forget(rows.ClaimIds, rows.SourceIds);
            rows.Sources.ForEach(ApplySource);
            rows.Claims.ForEach(ApplyClaim);
            rows.Via.ForEach(ApplyVia);
            rows.Verdicts.ForEach(ApplyVerdict);
            rows.Topics.ForEach(ApplyTopic);
            Interlocked.Increment(ref version);
            recent.Add((version, [.. rows.ClaimIds], rows.SourceIds.Count > 0));
            if (recent.Count > RecentChanges)
            {
                recent.RemoveAt(0);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }


    /// <summary>Claims and sources re-read from the tables: the ids asked for and the rows that still exist.</summary>
    internal sealed class Rows(IReadOnlyCollection<long> claimIds, IReadOnlyCollection<long> sourceIds)
    {
        public IReadOnlyCollection<long> ClaimIds { get; } = claimIds;

        public IReadOnlyCollection<long> SourceIds { get; } = sourceIds;

        public List<ClaimRow> Claims { get; } = [];

        public List<ViaRow> Via { get; } = [];

        public List<VerdictRow> Verdicts { get; } = [];

        public List<SourceRow> Sources { get; } = [];

        public List<TopicRow> Topics { get; } = [];
    }

    internal readonly record struct ClaimRow(long Id, int Speaker, int Publisher, string? Subject, byte Stance, byte Status, double? Value, string? Unit, string? Answer);

    internal readonly record struct ViaRow(long Claim, int Source, int Position);

    internal readonly record struct VerdictRow(long Claim, long Id, string Reviewer, long At, string? OriginalLabel);

    internal readonly record struct SourceRow(long Id, string Name, byte Kind, int Affiliation);

    internal readonly record struct TopicRow(long Claim, string Topic);

    private sealed record Sink(Action<ClaimRow> Claim, Action<ViaRow> Via, Action<VerdictRow> Verdict, Action<SourceRow> Source, Action<TopicRow> Topic);

    /// <summary>Reads all rows, or those of the given ids, handing each to <paramref name="sink"/>.</summary>
    private static void Read(DbConnection c, DbTransaction? tx, IReadOnlyCollection<long>? claimIds, IReadOnlyCollection<long>? sourceIds, Sink sink)
    {
        foreach (var filter in Filters(sourceIds))
        {
            Query(c, tx, $"SELECT id, name, {KindCase}, coalesce(affiliation_id, 0) FROM sources s {filter("WHERE s.id")}",
                r => sink.Source(new SourceRow(r.GetInt64(0), r.GetString(1), (byte)r.GetInt32(2), r.GetInt32(3))));
        }
        foreach (var filter in Filters(claimIds))
        {
            Query(c, tx, $"""
                SELECT c.id, c.speaker_id, coalesce(a.publisher_id, 0), c.subject, {StanceCase}, {StatusCase}, c.quantity_value, c.quantity_unit, c.value
                FROM claims c LEFT JOIN articles a ON a.id = c.article_id {filter("WHERE c.id")}
                """,
                r => sink.Claim(new ClaimRow(r.GetInt64(0), r.GetInt32(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3),
                    (byte)r.GetInt32(4), (byte)r.GetInt32(5), r.IsDBNull(6) ? null : r.GetDouble(6), r.IsDBNull(7) ? null : r.GetString(7),
                    r.IsDBNull(8) ? null : r.GetString(8))));
            Query(c, tx, $"SELECT claim_id, source_id, position FROM claim_via v {filter("WHERE v.claim_id")} ORDER BY claim_id, position",
                r => sink.Via(new ViaRow(r.GetInt64(0), r.GetInt32(1), r.GetInt32(2))));
            Query(c, tx, $"""
                SELECT v.claim_id, v.id, v.reviewer, v.reviewed_at, v.original_label FROM latest_verdicts v
                {filter("WHERE v.claim_id")}
                """,
                r => sink.Verdict(new VerdictRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), Time.Read(r.GetString(3)).UtcTicks,
                    r.IsDBNull(4) ? null : r.GetString(4))));
            Query(c, tx, $"SELECT claim_id, topic FROM claim_topics t {filter("WHERE t.claim_id")} ORDER BY claim_id, position",
                r => sink.Topic(new TopicRow(r.GetInt64(0), r.GetString(1))));
        }
    }

    /// <summary>Everything (no ids), or the ids in chunks small enough for one statement.</summary>
    private static IEnumerable<Func<string, string>> Filters(IReadOnlyCollection<long>? ids)
    {
        if (ids is null)
        {
            yield return _ => "";
            yield break;
        }
        foreach (var chunk in ids.Chunk(ReloadChunk))
        {
            var list = string.Join(',', chunk);
            yield return column => $"{column} IN ({list})";
        }
    }

    private static void Query(DbConnection c, DbTransaction? tx, string sql, Action<DbDataReader> row)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
        }
    }

    /// <summary>Clears what is known of re-read claims and sources, so rows that are gone (a removed relay) go too.</summary>
    private void Forget(IReadOnlyCollection<long> claimIds, IReadOnlyCollection<long> sourceIds)
    {
        foreach (var id in sourceIds.Where(id => id < sourceName.Length))
        {
            sourceName[id] = null;
            affiliated -= sourceAffiliation[id] != 0 ? 1 : 0;
            sourceAffiliation[id] = 0;
        }
        foreach (var id in claimIds.Where(id => id < exists.Length))
        {
            exists[id] = false;
            // Relays read again replace the loaded ones: none until a row says otherwise.
            if (id < loadedViaRuns.Count && loadedViaRuns.Length((int)id) != 0)
            {
                changedVia[id] = [];
            }
            else
            {
                changedVia.Remove(id);
            }
            verdicts.Remove(id);
            claimTopics.Remove(id);
        }
    }

    private void ApplySource(SourceRow row)
    {
        GrowSources(row.Id);
        (sourceName[row.Id], sourceKind[row.Id]) = (row.Name, row.Kind);
        affiliated += (sourceAffiliation[row.Id] == 0 ? 0 : -1) + (row.Affiliation == 0 ? 0 : 1);
        sourceAffiliation[row.Id] = row.Affiliation;
    }

    private void ApplyClaim(ClaimRow row)
    {
        GrowClaims(row.Id);
        var id = row.Id;
        (exists[id], speaker[id], publisher[id], stance[id], status[id]) = (true, row.Speaker, row.Publisher, row.Stance, row.Status);
        subject[id] = subjects.Intern(row.Subject);
        (quantityValue[id], quantityUnit[id]) = row.Value is { } value && row.Unit is { } unit
            ? (value, units.Intern(unit.Trim().ToLowerInvariant()))
            : (double.NaN, row.Answer is { } given ? -answers.Intern(TextFold.Key(given)) : 0);
    }

    // Relays arrive in position order; each one extends the claim's path.
    private void ApplyVia(ViaRow row) =>
        changedVia[row.Claim] = row.Position == 0 || !changedVia.TryGetValue(row.Claim, out var path) ? [row.Source] : [.. path, row.Source];

    private ReadOnlySpan<int> ViaOf(long id) =>
        changedVia.Count > 0 && changedVia.TryGetValue(id, out var changed) ? changed
        : id < loadedViaRuns.Count ? loadedVia.AsSpan(loadedViaRuns.Start((int)id), loadedViaRuns.Length((int)id))
        : [];

    // Topics arrive in position order; each one extends the claim's list.
    private void ApplyTopic(TopicRow row) =>
        claimTopics[row.Claim] = claimTopics.TryGetValue(row.Claim, out var list) ? [.. list, topics.Intern(row.Topic)] : [topics.Intern(row.Topic)];

    private void ApplyVerdict(VerdictRow row) =>
        verdicts[row.Claim] = (row.Id, row.At, reviewers.Intern(row.Reviewer), reviewers.Intern(row.OriginalLabel));

    private void GrowClaims(long id)
    {
        if (id < exists.Length)
        {
            return;
        }
        if (id >= int.MaxValue)
        {
            throw new InvalidOperationException("Claim ids beyond 2^31 do not fit the claim index.");
        }
        var size = (int)Math.Max(id + 1, exists.Length * 3L / 2);
        Array.Resize(ref exists, size);
        Array.Resize(ref stance, size);
        Array.Resize(ref status, size);
        Array.Resize(ref speaker, size);
        Array.Resize(ref publisher, size);
        Array.Resize(ref subject, size);
        Array.Resize(ref quantityValue, size);
        Array.Resize(ref quantityUnit, size);
    }

    private void GrowSources(long id)
    {
        if (id >= sourceName.Length)
        {
            var size = (int)Math.Max(id + 1, sourceName.Length * 3L / 2);
            Array.Resize(ref sourceName, size);
            Array.Resize(ref sourceKind, size);
            Array.Resize(ref sourceAffiliation, size);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claim index loaded: {Claims} claims, {Sources} sources")]
    private partial void LogLoaded(int claims, int sources);

    /// <summary>Interned strings (subjects, reviewers and their labels) stored once, referred to by number; 0 is null.</summary>
    private sealed class Strings
    {
        private readonly List<string?> values = [null];
        private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);

        public string? this[int number] => values[number];

        public int? Find(string value) => numbers.TryGetValue(value, out var number) ? number : null;

        public int Intern(string? value)
        {
            if (value is null)
            {
                return 0;
            }
            if (!numbers.TryGetValue(value, out var number))
            {
                numbers[value] = number = values.Count;
                values.Add(value);
            }
            return number;
        }
    }
}
