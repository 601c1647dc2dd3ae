using System.Text.RegularExpressions;
using CredibilityApi.Text;

namespace CredibilityApi.Articles;

/// <summary>
/// The parts of a page as a scraper saves it (like ../shared/corpus/baladi-2015-iran-russia-syria.txt):
/// a title line, perhaps with the site's name after " - " and perhaps repeated without it; a byline,
/// "publisher – (author)" or "By author, publisher"; the body; then a related-articles list and
/// separators that belong to the site, not the article. The body is cut from the page as it is, so
/// offsets into it hold for the stored article.
/// </summary>
public sealed partial record ScrapedPage(string Title, string? SiteName, string? PublisherName, string? Author, string Body)
{
    private const int MaxBylineLength = 160;
    private const int MaxSiteNameLength = 60;
    private const int MaxBylineWords = 8;

    private static readonly string[] TitleSeparators = [" - ", " | ", " – ", " — ", " :: "];

    /// <summary>Headings that open the list of other articles a page ends with; compared folded, a trailing colon ignored.</summary>
    private static readonly HashSet<string> RelatedHeadings = new(
        new[]
        {
            "مقالات ذات صلة", "أخبار ذات صلة", "مواضيع ذات صلة", "اقرأ أيضاً", "Related articles", "Related stories",
            "Related news", "Read more", "See also",
        }.Select(TextFold.Fold),
        StringComparer.Ordinal);

    /// <summary>The parts of <paramref name="page"/>, or null when it holds no text at all.</summary>
    public static ScrapedPage? Read(string page)
    {
        var lines = Lines(page);
        var next = NextWithText(lines, page, 0);
        if (next < 0)
        {
            return null;
        }

        var titleLine = Text(page, lines[next]);
        var (title, site) = SplitSiteName(titleLine);
        next++;
        // Scrapers often save the document title (with the site's name) and then the headline itself.
        var second = NextWithText(lines, page, next);
        if (second >= 0)
        {
            var repeated = Text(page, lines[second]);
            if (repeated == title || repeated == titleLine)
            {
                next = second + 1;
            }
            else if (titleLine.StartsWith(repeated, StringComparison.Ordinal)
                     && SplitAfter(titleLine[repeated.Length..]) is { } rest)
            {
                (title, site) = (repeated, rest);
                next = second + 1;
            }
        }

        string? publisher = null, author = null;
        var bylineLine = NextWithText(lines, page, next);
        if (bylineLine >= 0 && ReadByline(Text(page, lines[bylineLine])) is { } byline)
        {
            (publisher, author) = byline;
            next = bylineLine + 1;
        }

        var end = lines.Count;
        for (var i = next; i < lines.Count; i++)
        {
            if (IsRelatedHeading(Text(page, lines[i])))
            {
                end = i;
                break;
            }
        }
        // Trailing lines without a letter or digit ("//", "---", "* * *") are the site's separators.
        while (end > next && !TextFold.Words(Text(page, lines[end - 1])).Any())
        {
            end--;
        }
        var body = end > next ? page[lines[next].Start..lines[end - 1].End].Trim() : string.Empty;
        return new ScrapedPage(title, site, publisher, author, body);
    }

    /// <summary>"Headline - Site" → (Headline, Site), when what follows the last separator is short and shorter than the headline.</summary>
    private static (string Title, string? Site) SplitSiteName(string line)
    {
        var at = TitleSeparators.Select(s => (Index: line.LastIndexOf(s, StringComparison.Ordinal), Separator: s)).MaxBy(s => s.Index);
        if (at.Index <= 0)
        {
            return (line, null);
        }
        var title = line[..at.Index].Trim();
        var site = line[(at.Index + at.Separator.Length)..].Trim();
        return site.Length is > 0 and <= MaxSiteNameLength && site.Length < title.Length ? (title, site) : (line, null);
    }

    /// <summary>The site's name in " - Site": what follows a leading separator.</summary>
    private static string? SplitAfter(string rest) =>
        TitleSeparators.FirstOrDefault(s => rest.StartsWith(s, StringComparison.Ordinal)) is { } separator
        && rest[separator.Length..].Trim() is { Length: > 0 and <= MaxSiteNameLength } site
            ? site
            : null;

    private static (string? Publisher, string? Author)? ReadByline(string line)
    {
        if (line.Length > MaxBylineLength)
        {
            return null;
        }
        var match = PublisherThenAuthor().Match(line);
        if (!match.Success)
        {
            match = AuthorThenPublisher().Match(line);
        }
        if (!match.Success)
        {
            match = AuthorAlone().Match(line);
        }
        if (!match.Success)
        {
            return null;
        }
        var publisher = match.Groups["publisher"] is { Success: true } p ? p.Value.Trim() : null;
        var author = match.Groups["author"].Value.Trim();
        return WordCount(publisher) <= MaxBylineWords && WordCount(author) is > 0 and <= MaxBylineWords
            ? (publisher, author)
            : null;
    }

    private static int WordCount(string? text) => TextFold.Words(text).Count();

    private static bool IsRelatedHeading(string line) =>
        line.Length <= 40 && RelatedHeadings.Contains(TextFold.Fold(line.TrimEnd(':', '：', ' ')));

    /// <summary>The lines of the page as [start, end) spans without their line breaks.</summary>
    private static List<(int Start, int End)> Lines(string page)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < page.Length; i++)
        {
            if (page[i] is '\n' or '\r')
            {
                lines.Add((start, i));
                if (page[i] == '\r' && i + 1 < page.Length && page[i + 1] == '\n')
                {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.Add((start, page.Length));
        return lines;
    }

    private static int NextWithText(List<(int Start, int End)> lines, string page, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (Text(page, lines[i]).Length > 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static string Text(string page, (int Start, int End) line) => page[line.Start..line.End].Trim();

    // بلدي نيوز – (أيمن محمد)
    [GeneratedRegex(@"^(?<publisher>[^()]{1,80}?)\s*[-–—|:]\s*\(\s*(?<author>[^()]{1,80}?)\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex PublisherThenAuthor();

    // By Jane Doe, Reuters · بقلم: أحمد علي - بلدي نيوز
    [GeneratedRegex(
        @"^(?:by|بقلم|كتب|كتبه|كتبت|إعداد|اعداد)\s*:?\s+(?<author>[^,،|–—]{1,80}?)(?:\s*(?:[,،|–—]|\s-\s)\s*(?<publisher>.{1,80}))?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AuthorThenPublisher();

    // (أيمن محمد)
    [GeneratedRegex(@"^\(\s*(?<author>[^()]{1,80}?)\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorAlone();
}
