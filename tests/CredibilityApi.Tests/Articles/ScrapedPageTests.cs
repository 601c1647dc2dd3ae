using CredibilityApi.Articles;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Articles;

public sealed class ScrapedPageTests
{
    [Fact]
    public void TheCorpusPageSplitsIntoTitleBylineAndBody()
    {
        var page = ScrapedPage.Read(Texts.CorpusPage)!;

        Assert.Equal("طهران تنفي وجود خلافات مع موسكو بخصوص سوريا", page.Title);
        Assert.Equal("It's Over 9000!", page.SiteName);
        Assert.Equal("بلدي نيوز", page.PublisherName);
        Assert.Equal("أيمن محمد", page.Author);
        Assert.StartsWith("نفى نائب وزير الخارجية الإيرانية", page.Body, StringComparison.Ordinal);
        Assert.EndsWith("هجوم صاروخي استهدف المنطقة\".", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("مقالات ذات صلة", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("التعاون الخليجي", page.Body, StringComparison.Ordinal);
        Assert.Contains(page.Body, Texts.CorpusPage, StringComparison.Ordinal);
    }

    [Fact]
    public void APageWithoutBylineHasItsBodyRightAfterTheTitle()
    {
        var page = ScrapedPage.Read("Ceasefire holds in Idlib - Example Wire\n\nThe ceasefire held for a third day, residents said.\n")!;

        Assert.Equal("Ceasefire holds in Idlib", page.Title);
        Assert.Equal("Example Wire", page.SiteName);
        Assert.Null(page.PublisherName);
        Assert.Null(page.Author);
        Assert.Equal("The ceasefire held for a third day, residents said.", page.Body);
    }

    [Theory]
    [InlineData("By Jane Roe, Reuters", "Jane Roe", "Reuters")]
    [InlineData("by Jane Roe | Reuters", "Jane Roe", "Reuters")]
    [InlineData("By Jean-Luc Martin - Le Monde", "Jean-Luc Martin", "Le Monde")]
    [InlineData("By Jane Roe", "Jane Roe", null)]
    [InlineData("بقلم: أحمد علي - بلدي نيوز", "أحمد علي", "بلدي نيوز")]
    [InlineData("Baladi News - (Ayman Mohammed)", "Ayman Mohammed", "Baladi News")]
    [InlineData("(أيمن محمد)", "أيمن محمد", null)]
    public void BylinesNameAuthorAndPublisher(string byline, string author, string? publisher)
    {
        var page = ScrapedPage.Read($"A headline of some length\n{byline}\nThe body.")!;

        Assert.Equal(author, page.Author);
        Assert.Equal(publisher, page.PublisherName);
        Assert.Equal("The body.", page.Body);
    }

    [Theory]
    [InlineData("By the time the convoy arrived, the road had been closed by the army for three days running")]
    [InlineData("قالت الوزارة - في بيان رسمي - إن الطريق مغلق")]
    public void ASentenceIsNoByline(string line)
    {
        var page = ScrapedPage.Read($"A headline of some length\n{line}\nMore text.")!;

        Assert.Null(page.Author);
        Assert.StartsWith(line, page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ARelatedListAndTrailingSeparatorsAreNoPartOfTheBody()
    {
        var page = ScrapedPage.Read("Title of the page\r\n\r\nFirst paragraph.\r\nSecond paragraph.\r\n* * *\r\n\r\nRelated Articles:\r\nOther story\r\n---\r\n")!;

        Assert.Equal("First paragraph.\r\nSecond paragraph.", page.Body);
    }

    [Fact]
    public void ATitleWhoseLastPartIsLongerKeepsItsDash()
    {
        var page = ScrapedPage.Read("Iran - Russia talks on Syria collapse\n\nBody text.")!;

        Assert.Equal("Iran - Russia talks on Syria collapse", page.Title);
        Assert.Null(page.SiteName);
    }

    [Fact]
    public void APageOfBlankLinesHoldsNothing() => Assert.Null(ScrapedPage.Read("\n \r\n\t\n"));
}
