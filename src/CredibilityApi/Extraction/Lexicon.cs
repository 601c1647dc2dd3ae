using CredibilityApi.Text;

namespace CredibilityApi.Extraction;

/// <summary>What a cue word does to the words around it.</summary>
internal enum CueKind
{
    /// <summary>A reporting verb: قال، أكد، ذكر، said, announced…</summary>
    Reports,

    /// <summary>A denial: نفى، كذّب، أنكر، رفض، denied, dismissed, rejected…</summary>
    Denies,

    /// <summary>A verb that relays another's words: نقل (… عن …), quoted (… as saying).</summary>
    Relays,

    /// <summary>A participle adding to the clause's claim: مؤكدا، مشيرا، adding, noting.</summary>
    Adds,

    /// <summary>"according to" and its Arabic forms: بحسب، حسب، وفق، وفقا لـ.</summary>
    According,
}

/// <summary>
/// The words extraction reads, folded as <see cref="TextFold"/> folds text: the cues that attribute
/// (Arabic and English), the particles that open the proposition, and the words that make a phrase a
/// source (anonymous heads, outlet and organisation heads, titles) or point back to one (الموقع، the agency, he).
/// </summary>
internal static class Lexicon
{
    public static readonly Dictionary<string, CueKind> Cues = BuildCues();

    /// <summary>Arabic verbs that need أن/إن, a colon or a quote after them (or their own particle) to attribute.</summary>
    public static readonly Dictionary<string, string> VerbParticles = new(StringComparer.Ordinal)
    {
        [TextFold.Fold("أشار")] = "الي",
        [TextFold.Fold("أشارت")] = "الي",
        [TextFold.Fold("أشاروا")] = "الي",
        [TextFold.Fold("لفت")] = "الي",
        [TextFold.Fold("لفتت")] = "الي",
        [TextFold.Fold("مشيرا")] = "الي",
        [TextFold.Fold("مشيرة")] = "الي",
        [TextFold.Fold("حذر")] = "من",
        [TextFold.Fold("حذرت")] = "من",
        [TextFold.Fold("حذروا")] = "من",
    };

    /// <summary>Particles that open the proposition: أن، إن، بأن، that, a colon.</summary>
    public static readonly HashSet<string> Complementizers = Set(
        "أن", "إن", "بأن", "فإن", "وأن", "وإن", "أنه", "أنها", "إنه", "إنها", "بأنه", "بأنها", "أنهم", "إنهم", "بأنهم", "that");

    /// <summary>The relay particle of نقل and "citing".</summary>
    public static readonly HashSet<string> RelayParticles = Set("عن", "نقلا", "citing", "quoting");

    /// <summary>Heads of phrases that name no one: مصادر، مسؤولون، تقارير، officials, sources…</summary>
    public static readonly HashSet<string> AnonymousHeads = Set(
        "مصادر", "مصدر", "مسؤول", "مسؤولين", "مسؤولون", "مسؤولو", "مسؤولي", "تقارير", "تقرير", "دبلوماسي", "دبلوماسيين",
        "دبلوماسيون", "محللون", "محللين", "خبراء", "ناشطون", "ناشطين", "شهود", "سكان", "مراقبون", "مراقبين", "أوساط",
        "وسائل", "مصادرنا", "مسؤولا", "official", "officials", "source", "sources", "diplomat", "diplomats", "analysts",
        "analyst", "experts", "activists", "witnesses", "residents", "reports", "report", "people", "person", "insiders",
        "observers", "commander", "aides", "aide", "outlets", "media", "newspapers");

    /// <summary>Words before an anonymous head that keep it anonymous: a, two, several, senior…</summary>
    public static readonly HashSet<string> AnonymousModifiers = Set(
        "a", "an", "the", "one", "two", "three", "four", "five", "several", "some", "many", "other", "senior", "local",
        "western", "european", "american", "u.s", "us", "israeli", "iranian", "russian", "military", "government",
        "administration", "security", "intelligence", "diplomatic", "top", "high-ranking", "unnamed", "anonymous", "of",
        "those", "these", "same", "more", "both", "all", "tow", "تلك", "هذه", "ذات", "نفس", "بعض", "عدة");

    /// <summary>Heads of outlets: وكالة، صحيفة، موقع، قناة، شبكة، agency, newspaper, television…</summary>
    public static readonly HashSet<string> OutletHeads = Set(
        "وكالة", "صحيفة", "موقع", "قناة", "شبكة", "تلفزيون", "التلفزيون", "إذاعة", "مجلة", "الوكالة", "الصحيفة", "الموقع",
        "القناة", "الشبكة", "الإذاعة", "المجلة", "agency", "newspaper", "paper", "television", "tv", "channel", "radio",
        "network", "site", "website", "outlet", "broadcaster", "daily", "magazine", "news", "times", "post", "journal");

    /// <summary>Heads of organisations: وزارة، الجيش، ministry, army…</summary>
    public static readonly HashSet<string> OrganisationHeads = Set(
        "وزارة", "الوزارة", "الجيش", "الحكومة", "البنك", "منظمة", "المنظمة", "المرصد", "الرئاسة", "الاتحاد", "مجلس", "هيئة",
        "الخارجية", "الداخلية", "الدفاع", "مكتب", "حركة", "حزب", "ministry", "government", "army", "military", "bank",
        "authority", "department", "organization", "organisation", "council", "office", "kremlin", "pentagon", "fleet",
        "navy", "police", "airline", "company", "commission", "regulator", "guard", "groups", "group");

    /// <summary>Titles before a person's name: الرئيس، وزير، المتحدث، minister, president…</summary>
    public static readonly HashSet<string> Titles = Set(
        "الرئيس", "رئيس", "وزير", "الوزير", "نائب", "المتحدث", "متحدث", "الناطق", "ناطق", "الجنرال", "العميد", "اللواء",
        "العقيد", "الفريق", "قائد", "السفير", "المبعوث", "الأمين", "مدير", "ممثل", "الشيخ", "الملك", "الأمير", "president",
        "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "general", "gen", "ambassador", "envoy",
        "director", "chief", "executive", "leader", "prince", "king", "commander", "chairman", "governor", "senator",
        "mayor", "representative", "head");

    /// <summary>Words that point back to a source named earlier, with the kind of source they point to.</summary>
    public static readonly Dictionary<string, string> PointsBack = new(StringComparer.Ordinal)
    {
        ["he"] = "person",
        ["she"] = "person",
        ["it"] = "outlet",
        ["they"] = "any",
    };

    /// <summary>Words that stop an Arabic subject read after its verb: where the proposition or an adjunct begins.</summary>
    public static readonly HashSet<string> SubjectStops = Set(
        "وجود", "صحة", "وقوع", "حدوث", "استهداف", "نقل", "قيام", "أي", "أية", "ما", "هذه", "هذا", "تلك", "ذلك", "الاتهامات",
        "التقارير", "الأنباء", "الروايات", "المعلومات", "الشائعات", "مشاركة", "تورط", "علم", "إرسال", "سحب", "مقتل", "إصابة",
        "سقوط", "ارتكاب", "في", "خلال", "اليوم", "أمس", "الثلاثاء", "الأحد", "الاثنين", "الأربعاء", "الخميس", "الجمعة",
        "السبت", "على", "إلى", "من", "بعد", "قبل", "عبر", "أمام", "مساء", "صباح", "عن", "أيضا", "كذلك", "قد", "لا", "لم",
        "أنباء", "تقارير", "اتهامات", "أنه", "أنها", "بيان", "حديث", "تصريح", "تصريحات", "مؤتمر", "مقابلة", "لقاء", "هناك");

    /// <summary>Words before a subject that only join it to what came before: و، كان، من جانبه، in turn…</summary>
    public static readonly HashSet<string> Connectors = Set(
        "كان", "كانت", "وكان", "وكانت", "قد", "وقد", "لقد", "كما", "بدوره", "بدورها", "جانبه", "جانبها", "جهته", "جهتها",
        "ومن", "من", "المقابل", "في", "وفي", "إلا", "لكن", "ولكن", "غير", "بينما", "حين", "and", "but", "however", "meanwhile",
        "also", "in", "turn", "on", "the", "other", "hand", "later", "earlier", "separately", "وعلى", "على", "الرغم", "رغم",
        "ورغم", "بدوره", "كذلك");

    /// <summary>Words after a reporting verb that belong to neither subject nor proposition: on Tuesday, in a statement.</summary>
    public static readonly HashSet<string> Adjuncts = Set(
        "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "in", "a", "an", "the",
        "statement", "at", "news", "conference", "late", "early", "earlier", "later", "also", "repeatedly", "publicly",
        "last", "week", "month", "year", "today", "yesterday", "on", "social", "media", "interview", "to", "reporters",
        "journalists", "briefing", "told", "during", "after", "before", "separately", "again", "previously", "privately",
        "في", "بيان", "اليوم", "أمس", "خلال", "مؤتمر", "صحفي", "صحافي", "تصريح", "تصريحات", "لقاء", "مقابلة", "له", "لها",
        "قد", "الثلاثاء", "الأحد", "الاثنين", "الأربعاء", "الخميس", "الجمعة", "السبت", "مساء", "صباح", "رسمي", "حديث",
        "لوسائل", "الإعلام", "للصحفيين", "أيضا", "كذلك", "وذلك");

    /// <summary>Words saying a quote follows: قوله، قولها، as saying.</summary>
    public static readonly HashSet<string> Saying = Set("قوله", "قولها", "قولهم", "قولهما", "as", "saying", "قائلا", "قائلة", "قائلين");

    /// <summary>Words that open a new clause inside a sentence: إلا أن، لكن، but, while.</summary>
    public static readonly HashSet<string> ClauseBreaks = Set("إلا", "لكن", "ولكن", "بينما", "but", "while", "whereas", "however");

    /// <summary>Relative pronouns between a subject and its verb: التي، الذي، who, which.</summary>
    public static readonly HashSet<string> Relatives = Set("التي", "الذي", "الذين", "اللتي", "who", "which", "that");

    /// <summary>A cue that refutes reports: تشكل تكذيبا لـ…, refutes, debunks.</summary>
    public static readonly HashSet<string> Refutations = Set(
        "تكذيب", "تكذيبا", "تكذيبًا", "دحض", "دحضا", "ينفي", "تنفي", "refutes", "refute", "debunks", "disproves", "contradicts");

    /// <summary>Objects of رفض / declined that make it no claim: التعليق، to comment.</summary>
    public static readonly HashSet<string> NoComment = Set("التعليق", "الإدلاء", "الرد", "comment", "to", "التعقيب");

    public static HashSet<string> Set(params string[] words) =>
        words.Select(w => TextFold.Fold(w)).ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, CueKind> BuildCues()
    {
        var cues = new Dictionary<string, CueKind>(StringComparer.Ordinal);
        void Add(CueKind kind, params string[] words)
        {
            foreach (var w in words)
            {
                cues[TextFold.Fold(w)] = kind;
            }
        }
        Add(CueKind.Reports,
            "قال", "قالت", "قالوا", "يقول", "تقول", "يقولون", "ذكر", "ذكرت", "ذكروا", "يذكر", "تذكر", "أفاد", "أفادت", "أفادوا",
            "أكد", "أكدت", "أكدوا", "يؤكد", "تؤكد", "أعلن", "أعلنت", "أعلنوا", "كشف", "كشفت", "كشفوا", "أشار", "أشارت",
            "أشاروا", "أضاف", "أضافت", "أضافوا", "أوضح", "أوضحت", "أوضحوا", "صرح", "صرحت", "تابع", "تابعت", "زعم", "زعمت",
            "زعموا", "ادعى", "ادعت", "ادعوا", "يرى", "ترى", "يرون", "اعتبر", "اعتبرت", "أورد", "أوردت", "حذر", "حذرت", "حذروا",
            "شدد", "شددت", "لفت", "لفتت", "رجح", "رجحت", "توقع", "توقعت", "علق", "علقت", "رصد", "رصدت", "رصدوا", "بثت", "نشرت",
            "said", "says", "say", "told", "tells", "added", "adds", "stated", "announced", "announces", "reported", "claimed",
            "confirmed", "confirms", "noted", "warned", "warns", "explained", "insisted", "argued", "wrote", "writes",
            "estimated", "estimates", "alleged", "acknowledged", "admitted", "tweeted", "posted", "predicted", "revealed", "complained");
        Add(CueKind.Denies,
            "نفى", "نفت", "نفوا", "ينفي", "تنفي", "كذب", "كذبت", "أنكر", "أنكرت", "أنكروا", "رفض", "رفضت", "دحض", "دحضت",
            "denied", "denies", "deny", "dismissed", "dismisses", "rejected", "rejects", "refuted", "disputed", "disputes");
        Add(CueKind.Relays, "نقل", "نقلت", "نقلوا", "quoted", "quotes");
        Add(CueKind.Adds, "مؤكدا", "مؤكدة", "مشيرا", "مشيرة", "مضيفا", "مضيفة", "موضحا", "موضحة", "adding", "noting", "saying");
        Add(CueKind.According, "بحسب", "حسب", "وفق", "وفقا", "according");
        return cues;
    }
}
