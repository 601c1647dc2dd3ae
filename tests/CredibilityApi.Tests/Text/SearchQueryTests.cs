using CredibilityApi.Text;

namespace CredibilityApi.Tests.Text;

public sealed class SearchQueryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  !!! ؟ «»  ")]
    public void TextWithoutWordsIsNoQuery(string? q) => Assert.Null(SearchQuery.Parse(q));

    [Fact]
    public void EveryWordIsRequiredAsAFoldedPrefix()
    {
        var query = SearchQuery.Parse("Télam DENIES")!;

        Assert.Equal("(\"telam\"*) AND (\"denies\"*)", query.Match);
    }

    [Fact]
    public void ArabicWordsMatchWithAndWithoutAttachedPrefixes()
    {
        var match = SearchQuery.Parse("مُوسكو")!.Match;

        Assert.Contains("\"موسكو\"*", match, StringComparison.Ordinal);
        Assert.Contains("\"لموسكو\"*", match, StringComparison.Ordinal);
        Assert.Contains("\"وبموسكو\"*", match, StringComparison.Ordinal);
        Assert.DoesNotContain(" AND ", match, StringComparison.Ordinal);
    }

    [Fact]
    public void APrefixedArabicWordAlsoMatchesItsStem()
    {
        var match = SearchQuery.Parse("والحكومة")!.Match;

        Assert.Contains("\"الحكومه\"*", match, StringComparison.Ordinal);
        Assert.Contains("\"حكومه\"*", match, StringComparison.Ordinal);
        Assert.Contains("\"للحكومه\"*", match, StringComparison.Ordinal);
        Assert.DoesNotContain("\"لالحكومه\"*", match, StringComparison.Ordinal);
    }

    [Fact]
    public void SnippetMarksMatchedWordsInTheOriginalText()
    {
        var query = SearchQuery.Parse("موسكو سليماني")!;

        var snippet = query.Snippet("زار الجنرال قاسم سُليماني لموسكو سراً.");

        Assert.Equal("زار الجنرال قاسم <mark>سُليماني</mark> <mark>لموسكو</mark> سراً.", snippet);
    }

    [Fact]
    public void SnippetCutsALongTextAroundTheFirstMatch()
    {
        var words = Enumerable.Range(1, 100).Select(i => $"w{i}").ToList();
        words[50] = "Bloomberg's";
        var query = SearchQuery.Parse("bloomberg")!;

        var snippet = query.Snippet(string.Join(' ', words))!;

        Assert.StartsWith("…w45 w46", snippet, StringComparison.Ordinal);
        Assert.Contains("w50 <mark>Bloomberg</mark>'s w52", snippet, StringComparison.Ordinal);
        Assert.EndsWith("w73…", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void SnippetTakesTheFirstTextThatMatchesElseTheOpeningOfTheFirst()
    {
        var query = SearchQuery.Parse("tasnim")!;

        Assert.Equal("<mark>Tasnim</mark> said", query.Snippet("Nothing here", "Tasnim said"));
        Assert.Equal("Nothing here", query.Snippet(null, "Nothing here", "nor here"));
        Assert.Null(query.Snippet(null, ""));
    }
}
