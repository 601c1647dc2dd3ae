using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;

namespace CredibilityApi.Tools;

/// <summary>
/// <c>generate --speakers N [--parties N] --seed S --database FILE</c>: writes a <see cref="SpeakerCorpus"/> into
/// an empty database through the bulk path: parties (organizations), speakers (persons, each with its party
/// as affiliation), every statement as a claim with its topics, and a verdict on each training statement
/// (test statements stay unrated, as a benchmark's held-out part would).
/// </summary>
public static class SpeakerCorpusWriter
{
    public static async Task<(int Sources, int Claims, int Verdicts)> WriteAsync(Db db, SpeakerCorpus corpus, CancellationToken ct) =>
        await db.WriteAsync((c, tx) =>
        {
            var verdicts = 0;
            RowWriter.Bulk(c, tx, bulk =>
            {
                var parties = corpus.Parties.Select(p => bulk.AddSource(new CreateSourceRequest(p.Name, SourceKind.Organization))).ToArray();
                var speakers = corpus.Speakers
                    .Select(s => bulk.AddSource(new CreateSourceRequest(s.Name, SourceKind.Person, AffiliationId: parties[s.Party])))
                    .ToArray();
                foreach (var statement in corpus.Statements)
                {
                    var claim = bulk.AddClaim(new CreateClaimRequest($"Statement {statement.Index}", speakers[statement.Speaker],
                        Language: "en", Topics: [.. statement.Topics.Select(t => SpeakerCorpus.Topics[t])]));
                    if (!statement.Test)
                    {
                        bulk.AddVerdict(claim, new CreateVerdictRequest(EnumText<Rating>.Parse(statement.Rating), "Synthetic desk"));
                        verdicts++;
                    }
                }
            });
            return Task.FromResult((corpus.Parties.Count + corpus.Speakers.Count, corpus.Statements.Count, verdicts));
        }, ct);
}
