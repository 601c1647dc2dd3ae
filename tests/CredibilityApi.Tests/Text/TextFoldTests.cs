using System.Text.RegularExpressions;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Text;

namespace CredibilityApi.Tests.Text;

public sealed partial class TextFoldTests
{
    [Theory]
    [InlineData("وَكَالَةُ تَسْنِيمٍ", "وكاله تسنيم")]          // tashkeel, teh marbuta
    [InlineData("بلومـــبيرغ", "بلومبيرغ")]                   // tatweel
    [InlineData("أإآٱا", "ااااا")]                             // alef forms
    [InlineData("إسنا", "اسنا")]
    [InlineData("مصطفى", "مصطفي")]                            // alef maqsura
    [InlineData("مدرسة", "مدرسه")]
    [InlineData("\u200Fتسنيم\u200E\u200B\u2067x\u2069\uFEFF", "تسنيمx")] // bidi and zero-width marks
    [InlineData("Télam ÇA Ünal", "telam ca unal")]            // Latin case and accents
    [InlineData("Te\u0301lam", "telam")]                       // decomposed input folds like composed
    [InlineData("", "")]
    public void FoldRemovesWhatWritersVary(string text, string folded) =>
        Assert.Equal(folded, TextFold.Fold(text));

    [Fact]
    public void FoldLeavesNothingToNormalise()
    {
        var folded = TextFold.Fold("Ṩ ﻻ ك ی ھ Ё");

        Assert.True(folded.IsNormalized(System.Text.NormalizationForm.FormC));
        Assert.Equal(folded, TextFold.Fold(folded));
    }

    [Fact]
    public void WordsPointBackIntoTheOriginalText()
    {
        const string text = "قالت وَكَالَةُ «تسنيـــم»، نقلاً عن Télam.";

        var words = TextFold.Words(text).ToList();

        Assert.Equal(["قالت", "وكاله", "تسنيم", "نقلا", "عن", "telam"], words.Select(w => w.Folded));
        Assert.Equal(["قالت", "وَكَالَةُ", "تسنيـــم", "نقلاً", "عن", "Télam"], words.Select(w => text[w.Start..w.End]));
    }

    [Fact]
    public void WordsFollowCloselyOnlyAcrossSpacesHyphensAndApostrophesOnOneLine()
    {
        var words = TextFold.Words("a b-c d'e \u00A0f, g\nh «i» j").ToList();

        Assert.Equal(
            [false, true, true, true, true, true, false, false, false, false],
            words.Select(w => w.FollowsClosely));
    }

    [Fact]
    public void WordsAreTheWordsOfTheFoldedWholeText()
    {
        var page = Texts.CorpusPage + " Ünal e\u0301 ﻻ 𝐀b";

        var words = TextFold.Words(page).Select(w => w.Folded);

        var expected = NonWord().Split(TextFold.Fold(page)).Where(w => w.Length > 0);
        Assert.Equal(expected, words);
    }

    [Fact]
    public void WordsSkipALoneSurrogate()
    {
        var words = TextFold.Words("a\uD800b").Select(w => w.Folded);

        Assert.Equal(["a", "b"], words);
    }

    [Theory]
    [InlineData("لوكاله", "وكاله", 1)]
    [InlineData("وبلومبيرغ", "بلومبيرغ", 1)]
    [InlineData("وبلومبيرغ", "لومبيرغ", 2)]
    [InlineData("والحرس", "الحرس", 1)]
    [InlineData("والحرس", "حرس", 3)]
    [InlineData("للجزيره", "جزيره", 2)]
    [InlineData("للجزيره", "الجزيره", 1)]
    [InlineData("فبالتنسيق", "التنسيق", 2)]
    [InlineData("وللحكومه", "الحكومه", 2)]
    public void WithoutPrefixesOffersEachReadingOfTheAttachedParticles(string word, string stem, int prefixLength) =>
        Assert.Contains((stem, prefixLength), TextFold.WithoutPrefixes(word));

    [Theory]
    [InlineData("لوكاله", "كاله")]   // ل then و is no prefix sequence: و belongs to the word
    [InlineData("bloomberg", "loomberg")]
    [InlineData("ولد", "لد")]         // a stem must keep three letters here
    public void WithoutPrefixesOffersNoOtherReading(string word, string notAStem) =>
        Assert.DoesNotContain(TextFold.WithoutPrefixes(word, minStem: 3), v => v.Stem == notAStem);

    [Fact]
    public void AttachedPrefixesAreTheConjunctionPrepositionAndArticleCombinations()
    {
        Assert.Equal(
            ["ال", "ب", "بال", "ف", "فال", "فب", "فبال", "فل", "فلل", "ل", "لل", "و", "وال", "وب", "وبال", "ول", "ولل"],
            TextFold.AttachedPrefixes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OffsetInWordSkipsThePrefixWithItsMarks()
    {
        const string text = "قال وَبِبلومبيرغ";
        var word = TextFold.Words(text).Last();

        var start = TextFold.OffsetInWord(text, word, 1);

        Assert.Equal("بِبلومبيرغ", text[start..word.End]);
        Assert.Equal("بلومبيرغ", text[TextFold.OffsetInWord(text, word, 2)..word.End]);
    }

    [Theory]
    [InlineData("بلومبرغ", "بلومبيرغ", 3, 1)]
    [InlineData("بلومبرج", "بلومبرغ", 3, 1)]
    [InlineData("kitten", "sitting", 5, 3)]
    [InlineData("same", "same", 0, 0)]
    [InlineData("abcdef", "uvwxyz", 2, 3)]   // gives up past the bound
    [InlineData("a", "abcdef", 2, 3)]
    public void EditDistanceCountsEditsUpToABound(string a, string b, int max, int distance) =>
        Assert.Equal(distance, EditDistance.Bounded(a, b, max));

    [Fact]
    public void SimilarityFallsWithEditsRelativeToLength()
    {
        Assert.Equal(1, EditDistance.Similarity("تسنيم", "تسنيم"));
        Assert.Equal(0.875, EditDistance.Similarity("بلومبرغ", "بلومبيرغ"), 3);
        Assert.Equal(0, EditDistance.Allowed(4));
        Assert.Equal(1, EditDistance.Allowed(7));
        Assert.Equal(2, EditDistance.Allowed(10));
    }

    [GeneratedRegex(@"[^\p{L}\p{N}\p{Co}]+")]
    private static partial Regex NonWord();
}
