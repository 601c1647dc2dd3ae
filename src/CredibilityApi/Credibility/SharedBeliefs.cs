using System.Runtime.InteropServices;
using CredibilityApi.Data;
using CredibilityApi.Reads;
using Dapper;

namespace CredibilityApi.Credibility;

/// <summary>
/// Belief passes shared by the replicas of one PostgreSQL database. A pass is a function of the
/// rows, and every replica's read model is the rows as of a position in the one change feed, so a
/// pass computed at a position holds for every replica at that position. The pass runs under a
/// session-level advisory lock (<see cref="PassLock"/>): one replica computes while the others
/// wait, then find its result in <c>belief_passes</c> (migration 0024) at their own position and
/// take it instead of computing it again; a replica at another position computes its own in turn
/// and leaves that. Beliefs are indexed by claim id, the same on every replica; estimates are keyed
/// by their winning claim and re-keyed to this replica's own subject, unit and answer numbers.
/// </summary>
public sealed class SharedBeliefs(Db db, ReadModel model)
{
    /// <summary>The advisory lock a belief pass holds on PostgreSQL (the feed's is <see cref="Db.FeedLock"/>).</summary>
    public const long PassLock = 1129465157;

    /// <summary>
    /// The beliefs at the read model's <paramref name="position"/>: a replica's pass at that position
    /// when one is stored, else <paramref name="compute"/>'s, stored for the others.
    /// </summary>
    public async Task<BeliefSnapshot> TakeOrComputeAsync(
        long position, long indexVersion, long graphVersion, long commits, DateTimeOffset asOf, Func<Task<BeliefSnapshot>> compute)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        if (await LoadAsync(connection, position, indexVersion, graphVersion, commits, asOf) is { } stored)
        {
            return stored;
        }
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@PassLock)", new { PassLock });
        try
        {
            // Another replica may have computed this very position while this one waited.
            if (await LoadAsync(connection, position, indexVersion, graphVersion, commits, asOf) is { } meanwhile)
            {
                return meanwhile;
            }
            var computed = await compute();
            await StoreAsync(connection, position, computed);
            return computed;
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@PassLock)", new { PassLock });
        }
    }

    private async Task<BeliefSnapshot?> LoadAsync(
        System.Data.Common.DbConnection connection, long position, long indexVersion, long graphVersion, long commits, DateTimeOffset asOf)
    {
        var row = await connection.QuerySingleOrDefaultAsync<StoredPass>(
            "SELECT rounds, beliefs, options, estimates FROM belief_passes WHERE id = 1 AND position = @position", new { position });
        if (row is null)
        {
            return null;
        }
        var estimates = model.Index.Read(index => ReadEstimates(row.Estimates, index));
        return new BeliefSnapshot(indexVersion, graphVersion, commits, asOf,
            MemoryMarshal.Cast<byte, float>(row.Beliefs).ToArray(), MemoryMarshal.Cast<byte, float>(row.Options).ToArray(),
            estimates, (int)row.Rounds);
    }

    private static async Task StoreAsync(System.Data.Common.DbConnection connection, long position, BeliefSnapshot pass)
    {
        var (beliefs, options, estimates) = pass.Parts();
        using var written = new MemoryStream();
        using (var writer = new BinaryWriter(written))
        {
            foreach (var estimate in estimates.Values)
            {
                writer.Write(estimate.Claim);
                writer.Write(estimate.Value);
                writer.Write(estimate.Belief);
                writer.Write(estimate.Unit == BeliefInputs.Categorical);
            }
        }
        await connection.ExecuteAsync(
            """
            INSERT INTO belief_passes (id, position, computed_at, rounds, beliefs, options, estimates)
            VALUES (1, @position, @ComputedAt, @Rounds, @Beliefs, @Options, @Estimates)
            ON CONFLICT (id) DO UPDATE SET position = excluded.position, computed_at = excluded.computed_at,
                rounds = excluded.rounds, beliefs = excluded.beliefs, options = excluded.options, estimates = excluded.estimates
            """,
            new
            {
                position,
                ComputedAt = Time.Store(pass.ComputedAt),
                Rounds = (long)pass.Rounds,
                Beliefs = MemoryMarshal.AsBytes(beliefs.AsSpan()).ToArray(),
                Options = MemoryMarshal.AsBytes(options.AsSpan()).ToArray(),
                Estimates = written.ToArray(),
            });
    }

    /// <summary>The stored estimates, keyed by this replica's subject numbers (a claim no longer known is left out).</summary>
    private static Dictionary<int, Estimated> ReadEstimates(byte[] stored, ClaimIndex index)
    {
        var estimates = new Dictionary<int, Estimated>();
        using var reader = new BinaryReader(new MemoryStream(stored));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var (claim, value, belief, categorical) = (reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadBoolean());
            if (!index.Exists(claim))
            {
                continue;
            }
            var facts = index.FactsOf((int)claim);
            estimates[facts.Subject] = categorical
                ? new Estimated(double.NaN, BeliefInputs.Categorical, index.AnswerOf((int)claim), belief, claim)
                : new Estimated(value, facts.Unit, 0, belief, claim);
        }
        return estimates;
    }

    private sealed class StoredPass
    {
        public long Rounds { get; init; }
        public byte[] Beliefs { get; init; } = [];
        public byte[] Options { get; init; } = [];
        public byte[] Estimates { get; init; } = [];
    }
}
