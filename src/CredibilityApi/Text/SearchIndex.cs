using System.Data;
using System.Text;
using Dapper;

namespace CredibilityApi.Text;

/// <summary>
/// The FTS5 indexes over folded text. Writers call these inside their own transaction, so the
/// index never disagrees with the rows it points at.
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

    /// <summary>
    /// A user's search text as an FTS5 query: folded, split into words, each word a quoted
    /// prefix term, all required. Null when the text holds no word at all.
    /// </summary>
    public static string? MatchExpression(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return null;
        }
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in TextFold.Fold(q).Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                terms.Add($"\"{word}\"*");
                word.Clear();
            }
        }
        return terms.Count == 0 ? null : string.Join(' ', terms.Take(32));
    }
}
