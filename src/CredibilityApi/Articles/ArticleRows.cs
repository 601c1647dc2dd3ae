using CredibilityApi.Data;
using CredibilityApi.Http;

namespace CredibilityApi.Articles;

/// <summary>An article request as the rows <see cref="RowWriter"/> inserts.</summary>
public static class ArticleRows
{
    public static long AddArticle(this RowWriter rows, CreateArticleRequest article) =>
        rows.AddArticle(new NewArticle(
            article.Url, ArticleStore.UrlKey(article.Url), article.Title, article.Language, article.PublishedAt, article.PublisherId,
            article.Author, article.Body,
            [.. (article.Citations ?? []).Select(c => new NewCitation(
                c.SourceId, EnumText<CitationRole>.Name(c.Role ?? CitationRole.Mentions), c.Start, c.End, c.MatchedAlias))]));
}
