using System.Data;
using Dapper;

namespace CredibilityApi.Text;

/// <summary>
/// The FTS5 indexes over folded text. Writers call these inside their own transaction, so the
/// index never disagrees with the rows it points at; deleting a row deletes its entry by trigger
/// (migrations/0012). <see cref="SearchQuery"/> reads what users search for.
/// </summary>
public static class SearchIndex
{
    public static async Task IndexClaimAsync(IDbConnection c, IDbTransaction tx, long id, string text)
    {
        await c.ExecuteAsync("DELETE FROM claims_fts WHERE rowid = @id", new { id }, tx);
        await c.ExecuteAsync(
            "INSERT INTO claims_fts (rowid, text) VALUES (@id, @Text)", new { id, Text = TextFold.Fold(text) }, tx);
    }

    public static async Task IndexArticleAsync(IDbConnection c, IDbTransaction tx, long id, string title, string? body)
    {
        await c.ExecuteAsync("DELETE FROM articles_fts WHERE rowid = @id", new { id }, tx);
        await c.ExecuteAsync(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (@id, @Title, @Body)",
            new { id, Title = TextFold.Fold(title), Body = TextFold.Fold(body) },
            tx);
    }
}
