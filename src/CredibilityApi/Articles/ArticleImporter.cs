using CredibilityApi.Extraction;
using CredibilityApi.Reads;
using CredibilityApi.Sources;
using CredibilityApi.Text;

namespace CredibilityApi.Articles;

/// <summary>
/// Reads a scraped page into the article it holds: title, byline, body and language from the page
/// (<see cref="ScrapedPage"/>), the publisher and the cited sources from the known names
/// (<see cref="SourceNameIndex"/>), and the claims it reports
/// (<see cref="ClaimExtractor"/>), as proposals. It never creates a source: a publisher nobody recorded is
/// reported as unknown.
/// </summary>
public sealed class ArticleImporter(ReadModel model)
{
    /// <summary>The analysis of <paramref name="page"/>, or null when it holds no text.</summary>
    public async Task<ArticleAnalysis?> AnalyseAsync(string page, CancellationToken ct)
    {
        if (ScrapedPage.Read(page) is not { } read)
        {
            return null;
        }
        // Without a byline, the site's name from the title line is the best word on who published it.
        var publisherName = read.PublisherName ?? read.SiteName;
        var publisher = publisherName is null ? null : await FindPublisherAsync(publisherName, ct);
        var names = await model.NamesAsync(ct);
        var citations = names.FindMentions(read.Body, ct)
            .Select(m => new DetectedCitation(m.Source.Id, m.Source.Name, m.Start, m.End, m.MatchedAlias))
            .ToList();

        var proposals = ClaimExtractor.Extract(read.Body, names, publisher, publisherName, ct);
        return new ArticleAnalysis(
            read.Title,
            publisher,
            publisherName,
            UnknownPublisher: publisherName is not null && publisher is null,
            read.Author,
            LanguageGuess.Of(read.Body.Length > 0 ? read.Body : read.Title),
            read.Body,
            citations,
            proposals.Claims,
            proposals.Relations);
    }

    /// <summary>The article to store for an analysis: each cited source once, at its first mention.</summary>
    public static CreateArticleRequest ToArticle(ArticleAnalysis analysis, string url) => new(
        url,
        analysis.Title,
        analysis.Language,
        PublisherId: analysis.Publisher?.Id,
        Author: analysis.Author,
        Body: analysis.Body.Length > 0 ? analysis.Body : null,
        Citations: [.. analysis.Citations.Select(c => new CitationInput(c.SourceId, CitationRole.Mentions, c.Start, c.End, c.MatchedAlias))]);

    /// <summary>Only the name itself counts (no near spelling: that would be inventing); an outlet before other kinds.</summary>
    private async Task<SourceRef?> FindPublisherAsync(string name, CancellationToken ct) =>
        (await model.NamesAsync(ct)).Resolve(name, ResolveSourceQuery.MaxLimit, near: false)
        .OrderBy(m => m.Match)
        .ThenBy(m => m.Source.Kind == SourceKind.Outlet ? 0 : 1)
        .FirstOrDefault()?.Source;
}
