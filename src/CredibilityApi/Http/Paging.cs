using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace CredibilityApi.Http;

/// <summary>One page of a list; <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static int Take(int? limit) => limit ?? DefaultLimit;

    /// <summary>
    /// Keyset paging: callers fetch <c>limit + 1</c> rows; the extra row only says another page exists.
    /// </summary>
    public static Page<T> ToPage<T>(IReadOnlyList<T> rows, int limit, Func<T, long> key)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }
        var items = rows.Take(limit).ToList();
        return new Page<T>(items, Cursor.Encode(key(items[^1])));
    }

    /// <summary>
    /// Keyset paging over a ranked search: callers fetch <c>limit + 1</c> hits, best first; only the page's
    /// are loaded, and the cursor carries the last one's rank and id.
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<T>(
        IReadOnlyList<(long Id, double Rank)> hits, int limit, Func<IReadOnlyCollection<long>, Task<List<T>>> load)
    {
        var page = hits.Take(limit).ToList();
        var items = await load([.. page.Select(h => h.Id)]);
        return new Page<T>(items, hits.Count > limit ? Cursor.Encode(page[^1].Rank, page[^1].Id) : null);
    }
}

/// <summary>The paging parameters every list takes; lists with filters derive from it.</summary>
public class PageQuery
{
    [Description("Items per page, 1 to 500 (default 50).")]
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    [Description("The nextCursor of the previous page; omit for the first page.")]
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }
}
