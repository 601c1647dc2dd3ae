using CredibilityApi.Text;

namespace CredibilityApi.Tests.Text;

public sealed class LanguageGuessTests
{
    [Theory]
    [InlineData("نفى نائب وزير الخارجية الإيرانية وجود أية خلافات مع روسيا، ونقلت Bloomberg عن مسؤولين.", "ar")]
    [InlineData("Iran's deputy foreign minister denied any rift with Russia, according to ISNA.", "en")]
    [InlineData("Le ministre iranien a démenti toute brouille avec la Russie.", null)]
    [InlineData("2015 — 7000 / 2000", null)]
    [InlineData("معاون وزیر امور خارجه ایران هرگونه اختلاف با روسیه را رد کرد و گفت همکاری ادامه پیدا می‌کند", null)]
    public void LanguageComesFromScriptAndWords(string text, string? language) =>
        Assert.Equal(language, LanguageGuess.Of(text));
}
