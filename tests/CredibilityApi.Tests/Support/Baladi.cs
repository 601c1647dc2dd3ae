namespace CredibilityApi.Tests.Support;

/// <summary>
/// Sentences (some cut short) of the Baladi News page the project models
/// (corpus/baladi-2015-iran-russia-syria.txt), so tests work on real Arabic text: hamza seats,
/// teh marbuta, tashkeel, quotes and all.
/// </summary>
public static class Baladi
{
    public const string Title = "طهران تنفي وجود خلافات مع موسكو بخصوص سوريا";

    public const string Denial =
        "نفى نائب وزير الخارجية الإيرانية حسين أمير عبد اللهيان وجود أية خلافات مع روسيا بخصوص سوريا.";

    public const string IsnaQuote =
        "ونقلت وكالة أنباء الطلبة الإيرانية (إسنا) عن نائب وزير الخارجية الإيراني قوله \"إيران وروسيا تقدمان مساعداتهما للجيش السوري لمحاربة الإرهاب بجدية\"، وفق تعبيره.";

    public const string BloombergReport =
        "وكان موقع وكالة \"بلومبرج\" الأمريكية، نقل عن مسؤولين عسكريين، إن إيران بدأت في سحب قواتها من الأراضي السورية وذلك بعد فشل التحالف مع روسيا.";

    public const string Dunford =
        "إلا أن الموقع نقل عن الجنرال جوزيف دانفورد، رئيس هيئة الأركان المشتركة الأمريكية قوله إن عدد القوات الإيرانية المتواجد في سوريا حاليا هو 2000 فقط.";

    public const string SoleimaniVisit =
        "وكانت وكالة تسنيم الإيرانية نقلت عن شبكة \"نهرين نت\" الإخبارية، عن مصادر أوروبية دبلوماسية \"لم تسمها\"، أن الجنرال الإيراني قاسم سليماني زار موسكو سراً، الأسبوع الفائت.";

    /// <summary>A sentence of the page that names neither Iran nor Tehran.</summary>
    public const string PutinWelcome =
        "وأضافت الشبكة أن سليماني استقبل \"بحفاوة كبيرة\" من قبل الرئيس الروسي فلاديمير بوتين وكبار المسؤولين الروس.";

    /// <summary>The body of the page as the tests store it: the sentences above, one a line.</summary>
    public static string Body { get; } = string.Join('\n', Denial, IsnaQuote, BloombergReport, Dunford, SoleimaniVisit);
}

/// <summary>Fresh values that no other test can have used, so lists can be isolated by them.</summary>
public static class Unique
{
    // Sixteen Arabic letters that text folding leaves alone, one per hex digit.
    private const string Letters = "بتثجحخدذرزسشصضطظ";

    public static string Subject(string prefix = "subject") => $"{prefix}-{Guid.NewGuid():N}";

    public static string Url() => $"https://www.baladi-news.com/ar/news/details/{Guid.NewGuid():N}";

    /// <summary>A made-up Arabic word, so full-text searches match only the rows a test wrote it into.</summary>
    public static string ArabicWord() =>
        string.Concat(Guid.NewGuid().ToString("N").Select(hex => Letters[Convert.ToInt32(hex.ToString(), 16)]));
}
