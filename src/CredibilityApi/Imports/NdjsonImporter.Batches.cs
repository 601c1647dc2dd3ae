using System.Data.Common;
using CredibilityApi.Articles;
using CredibilityApi.Audit;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Imports;

/// <summary>Batches: pipelined, settled in order, each written in one transaction with its audit entry.</summary>
public sealed partial class NdjsonImporter
{
    /// <summary>Waits for the batch in flight (if any), then starts writing the pending lines as the next batch.</summary>
    private async Task FlushAsync(Run run, Actor actor, CancellationToken ct)
    {
        if (run.Pending.Count == 0)
        {
            return;
        }
        await SettleAsync(run);
        var batch = run.Pending;
        var first = run.Accepted - batch.Count;
        var number = run.Batches + 1;
        // Lines parsed while the previous batch was written may still name its rows by placeholder.
        var previous = run.Settled;
        // Every line up to this one is settled once the batch commits: accepted in it or earlier, or refused.
        var mark = new BatchMark(
            run.LineNumber, run.Consumed, run.Accepted,
            run.Journal is null ? [] : [.. run.Rejected.Skip(run.RejectedMarked)],
            run.Journal is null ? [] : [.. run.PendingRefs.Select(name => (name, run.Refs[name]))],
            run.Journal?.Hash());
        run.RejectedMarked = run.Rejected.Count;
        run.Writing = Task.Run(() => WriteAsync(batch, first, previous, number, mark, run.Journal, actor, ct), CancellationToken.None);
        run.WritingMark = mark;
        run.WritingFirst = first;
        run.WritingRefs = run.PendingRefs;
        run.Pending = [];
        run.PendingRefs = [];
    }

    /// <summary>Waits for the batch in flight to commit, and swaps its placeholders for the ids it was given.</summary>
    private static async Task SettleAsync(Run run)
    {
        if (run.Writing is not { } writing)
        {
            return;
        }
        long[] ids;
        try
        {
            ids = await writing;
        }
        finally
        {
            run.Writing = null;
        }
        var first = run.WritingFirst;
        run.Settled = new SettledBatch(first, ids);
        run.Batches++;
        run.CommittedLines = run.WritingMark!.LastLine;
        run.CommittedAccepted = run.WritingMark.Accepted;
        long Real(long id) => id < 0 && -id - 1 - first is var at && at >= 0 && at < ids.Length ? ids[at] : id;
        foreach (var name in run.WritingRefs)
        {
            var target = run.Refs[name];
            run.Refs[name] = target with { Id = Real(target.Id) };
        }
        run.WritingRefs = [];
        var keys = run.PlaceholderKeys;
        run.PlaceholderKeys = [];
        foreach (var key in keys)
        {
            var real = (Real(key.From), Real(key.To), key.Type);
            // a key refused against the store has left the set, and stays out
            if (real != key && run.RelationKeys.Remove(key))
            {
                run.RelationKeys.Add(real);
            }
            if (real.Item1 < 0 || real.Item2 < 0)
            {
                run.PlaceholderKeys.Add(real);
            }
        }
    }

    /// <summary>Writes one batch in one transaction: whole or not at all, so a client gone mid-import leaves nothing half-written.</summary>
    private Task<long[]> WriteAsync(
        List<PendingLine> batch, int first, SettledBatch? previous, int number, BatchMark mark, ImportJournal? journal, Actor actor,
        CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var placed = new long[batch.Count];
            long Real(long? id)
            {
                if (id is not < 0)
                {
                    return id!.Value;
                }
                var line = (int)(-id.Value - 1);
                return line >= first ? placed[line - first] : previous!.Ids[line - previous.First];
            }
            long? RealOptional(long? id) => id is null ? null : Real(id);
            var created = new Dictionary<string, List<long>>(StringComparer.Ordinal);
            int Count(string entity) => created.TryGetValue(entity, out var ids) ? ids.Count : 0;
            RowWriter.Bulk(c, tx, bulk =>
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var line = batch[i];
                    placed[i] = line.Request switch
                    {
                        CreateSourceRequest s => Created(created, "source", bulk.AddSource(s with { AffiliationId = RealOptional(s.AffiliationId) })),
                        CreateArticleRequest a => Created(created, "article", bulk.AddArticle(a with
                        {
                            PublisherId = RealOptional(a.PublisherId),
                            Citations = a.Citations?.Select(x => x with { SourceId = RealOptional(x.SourceId) }).ToList(),
                        })),
                        CreateClaimRequest cl => Created(created, "claim", bulk.AddClaim(cl with
                        {
                            SpeakerId = Real(cl.SpeakerId),
                            ArticleId = RealOptional(cl.ArticleId),
                            Via = cl.Via?.Select(v => Real(v)).ToList(),
                        })),
                        CreateRelationRequest r => Created(created, "relation", bulk.AddRelation(r with
                        {
                            FromClaimId = Real(r.FromClaimId),
                            ToClaimId = Real(r.ToClaimId),
                        })),
                        CreateVerdictRequest v => Created(created, "verdict", bulk.AddVerdict(Real(line.ClaimId), v)),
                        _ => throw new InvalidOperationException($"No bulk insert for {line.Entity}."),
                    };
                }
            });
            await audit.RecordAsync(c, tx, actor, AuditAction.Create, "import", number, null,
                new ImportBatchAudit(
                    number, batch.Count, Count("source"), Count("article"), Count("claim"), Count("relation"), Count("verdict"), created));
            if (journal is not null)
            {
                await journal.SaveBatchAsync(c, tx, new ImportJournal.Batch(
                    number, mark.LastLine, mark.Bytes, mark.Accepted, mark.Hash!, mark.Rejected,
                    [.. mark.Refs.Select(r => new ImportJournal.RefLine(r.Name, r.Target.Entity, Real(r.Target.Id), r.Target.Line))]));
            }
            return placed;
        }, ct);

    private static long Created(Dictionary<string, List<long>> created, string entity, long id)
    {
        if (!created.TryGetValue(entity, out var ids))
        {
            created[entity] = ids = [];
        }
        ids.Add(id);
        return id;
    }
}
