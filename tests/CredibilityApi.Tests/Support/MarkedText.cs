namespace CredibilityApi.Tests.Support;

/// <summary>
/// Arabic as pages and fact-checking sites hand it over: the Baladi page's sentences with the invisible
/// characters such text carries where it carries them — RLM and LRM after Latin words and numbers, an
/// LTR embedding around a Latin name inside an RTL embedding, isolates around a figure, an Arabic letter
/// mark, and C1 controls left by a page mis-decoded as Latin-1 (U+0092 for ’, U+0085 for …).
/// </summary>
public static class MarkedText
{
    public const string Claim =
        "\u202Bقال الجنرال \u202AJoseph Dunford\u202C\u200F إن عدد القوات الإيرانية\u061C المتواجد في سوريا حاليا هو \u20662000\u2069\u200F فقط " +
        "\u2068(Iran\u0092s IRGC\u0085)\u2069.\u202C";

    public const string Title = "\u200Fطهران تنفي وجود خلافات مع موسكو بخصوص سوريا \u2067(Reuters)\u2069\u200E";

    public const string Body =
        "\u202Bنفى نائب وزير الخارجية الإيرانية حسين أمير عبد اللهيان وجود أية خلافات مع روسيا بخصوص سوريا.\u202C\n" +
        "وكان موقع وكالة \"\u202ABloomberg\u202C\u200F\" الأمريكية، نقل عن مسؤولين عسكريين\u061C، إن إيران بدأت في سحب قواتها.\r\n" +
        "\u2068Iran\u0092s troops\u2069\u0085 \u2014 \u2066IRGC\u2069";

    public const string Note = "\u200Fالنفي \u202A(Tasnim, 2015-11-03)\u202C يناقض تقرير \u2066Bloomberg\u2069\u200F";
}
