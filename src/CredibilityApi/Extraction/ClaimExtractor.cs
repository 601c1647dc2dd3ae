using CredibilityApi.Articles;
using CredibilityApi.Reads;
using CredibilityApi.Sources;

namespace CredibilityApi.Extraction;

/// <summary>
/// Reads the claims an article's body reports, by rule: sentence by sentence, each attribution cue
/// (<see cref="Lexicon"/>) with its speaker, the relays between the speaker and the publisher, the
/// proposition it attributes, asserted or denied, and the number it carries (<see cref="Numbers"/>);
/// then the relations between them (<see cref="ProposalRelations"/>). Names resolve through the known
/// sources (<see cref="SourceNameIndex"/>); nothing is stored. Time grows with the body, not with the
/// number of sources.
/// </summary>
public static class ClaimExtractor
{
    public static ArticleProposals Extract(string body, SourceNameIndex names, SourceRef? publisher, string? publisherName, CancellationToken ct) =>
        Extract(body, names.FindAllMentions(body, ct), publisher, publisherName);

    internal static ArticleProposals Extract(string body, IReadOnlyList<SourceMention> mentions, SourceRef? publisher, string? publisherName)
    {
        var tokens = Tokenizer.Read(body);
        var reader = new SentenceReader(body, tokens, new SourceReader(body, tokens, mentions, new Discourse()), publisher, publisherName);
        foreach (var (from, to) in Tokenizer.Sentences(tokens))
        {
            reader.Read(from, to);
        }
        var claims = reader.Claims.Select(d => d.Claim).ToList();
        return new ArticleProposals(claims, ProposalRelations.Find(reader.Claims, tokens));
    }
}

/// <summary>A proposal with where its proposition and cue stand among the tokens.</summary>
internal sealed record Draft(ProposedClaim Claim, int PropFrom, int PropTo, int Cue);
