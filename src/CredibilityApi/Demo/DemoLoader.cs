using System.Data;
using System.Data.Common;
using System.Reflection;
using CredibilityApi.Articles;
using CredibilityApi.Audit;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Demo;

/// <summary>
/// Loads DESIGN.md's worked example, the Baladi News page of 2015 (embedded from the corpus),
/// in one transaction: its sources with Arabic and English aliases, the article with its
/// citations, the claims with their attribution paths, and the relations between them. A
/// database that already holds the demo article is left alone; sources are matched by name,
/// so a source someone already recorded is reused rather than duplicated.
/// </summary>
public sealed class DemoLoader(Db db, AuditLog audit)
{
    public const string ArticleUrl = "https://www.baladi-news.com/ar/articles/tehran-denies-rift-with-moscow-over-syria";

    public Task<bool> LoadAsync(CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (await ArticleStore.FindByUrlAsync(c, ArticleUrl, tx) is not null)
            {
                return false;
            }
            var s = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, source) in Sources)
            {
                s[key] = await FindOrCreateSourceAsync(c, tx, source);
            }

            var page = ScrapedPage.Read(ReadPage())!;
            var article = await ArticleStore.InsertAsync(c, tx, new CreateArticleRequest(
                ArticleUrl,
                page.Title,
                Language: "ar",
                PublishedAt: new DateTimeOffset(2015, 11, 3, 0, 0, 0, TimeSpan.Zero),
                PublisherId: s["baladi"],
                Author: page.Author,
                Body: page.Body,
                Citations: [.. Citations.Select(x => Cite(page.Body, s[x.Source], x.Role, x.Text))]));
            await audit.RecordAsync(c, tx, Actor.System, AuditAction.Create, "article", article.Id, null, article);

            var claims = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, claim) in Claims(s, article.Id))
            {
                var created = await ClaimStore.InsertAsync(c, tx, claim);
                await audit.RecordAsync(c, tx, Actor.System, AuditAction.Create, "claim", created.Id, null, created);
                claims[key] = created.Id;
            }

            foreach (var (from, type, to, note) in RelationsBetweenClaims)
            {
                var relation = await RelationStore.InsertAsync(c, tx, new CreateRelationRequest(claims[from], claims[to], type, note));
                await audit.RecordAsync(c, tx, Actor.System, AuditAction.Create, "relation", relation.Id, null, relation);
            }
            return true;
        }, ct);

    private async Task<long> FindOrCreateSourceAsync(DbConnection c, IDbTransaction tx, CreateSourceRequest source)
    {
        var existing = await c.QueryFirstOrDefaultAsync<long?>(
            "SELECT id FROM sources WHERE name = @Name ORDER BY id LIMIT 1", new { source.Name }, tx);
        if (existing is { } id)
        {
            return id;
        }
        var created = await SourceStore.InsertAsync(c, tx, source);
        await audit.RecordAsync(c, tx, Actor.System, AuditAction.Create, "source", created.Id, null, created);
        return created.Id;
    }

    private static CitationInput Cite(string body, long sourceId, CitationRole role, string text)
    {
        var start = body.IndexOf(text, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"The demo page does not contain '{text}'.");
        }
        return new CitationInput(sourceId, role, start, start + text.Length, text);
    }

    private static SourceAlias Ar(string text) => new(text, "ar");

    private static SourceAlias En(string text) => new(text, "en");

    private static readonly (string Key, CreateSourceRequest Source)[] Sources =
    [
        ("baladi", new("Baladi News", SourceKind.Outlet, "SY", "https://www.baladi-news.com", [Ar("بلدي نيوز"), En("Baladi")])),
        ("isna", new("ISNA", SourceKind.Outlet, "IR", "https://www.isna.ir",
            [Ar("وكالة أنباء الطلبة الإيرانية"), Ar("إسنا"), En("Iranian Students' News Agency")])),
        ("bloomberg", new("Bloomberg", SourceKind.Outlet, "US", "https://www.bloomberg.com",
            [Ar("بلومبرج"), Ar("بلومبيرغ"), Ar("بلومبرغ")])),
        ("tasnim", new("Tasnim News Agency", SourceKind.Outlet, "IR", "https://www.tasnimnews.com",
            [Ar("وكالة تسنيم"), Ar("تسنيم"), En("Tasnim")])),
        ("nahrain", new("Nahrain Net", SourceKind.Outlet, "IQ", null, [Ar("نهرين نت"), Ar("شبكة نهرين نت")])),
        ("abdollahian", new("Hossein Amir-Abdollahian", SourceKind.Person, "IR", null,
            [Ar("حسين أمير عبد اللهيان"), Ar("عبد اللهيان"), Ar("نائب وزير الخارجية الإيراني"), En("Iran's deputy foreign minister")])),
        ("dunford", new("Gen. Joseph Dunford", SourceKind.Person, "US", null,
            [Ar("الجنرال جوزيف دانفورد"), Ar("جوزيف دانفورد"), Ar("دانفورد"), En("Joseph Dunford"), En("General Dunford")])),
        ("us-officials", new("Unnamed US officials", SourceKind.Anonymous, "US", null,
            [Ar("مسؤولين أمريكيين"), Ar("مسؤولين عسكريين"), En("US officials")])),
        ("intel-reports", new("Unnamed intelligence reports", SourceKind.Anonymous, null, null,
            [Ar("تقارير استخباراتية دولية"), Ar("تقارير استخباراتية"), En("international intelligence reports")])),
        ("eu-diplomats", new("Unnamed European diplomats", SourceKind.Anonymous, null, null,
            [Ar("مصادر أوروبية دبلوماسية"), En("unnamed European diplomatic sources")])),
        ("western-media", new("Western media reports", SourceKind.Anonymous, null, null,
            [Ar("وسائل إعلام أمريكية وبريطانية وإسرائيلية وسعودية"), En("US, British, Israeli and Saudi media")])),
    ];

    private static readonly (string Source, CitationRole Role, string Text)[] Citations =
    [
        ("abdollahian", CitationRole.Quotes, "حسين أمير عبد اللهيان"),
        ("intel-reports", CitationRole.Mentions, "تقارير استخباراتية"),
        ("isna", CitationRole.Reports, "وكالة أنباء الطلبة الإيرانية"),
        ("bloomberg", CitationRole.Reports, "بلومبرج"),
        ("us-officials", CitationRole.Mentions, "مسؤولين أمريكيين"),
        ("dunford", CitationRole.Quotes, "الجنرال جوزيف دانفورد"),
        ("tasnim", CitationRole.Reports, "وكالة تسنيم"),
        ("nahrain", CitationRole.Reports, "نهرين نت"),
        ("eu-diplomats", CitationRole.Mentions, "مصادر أوروبية دبلوماسية"),
        ("western-media", CitationRole.Mentions, "وسائل إعلام أمريكية وبريطانية وإسرائيلية وسعودية"),
    ];

    private static readonly DateTimeOffset EarlyNovember = new(2015, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static IEnumerable<(string Key, CreateClaimRequest Claim)> Claims(Dictionary<string, long> s, long articleId) =>
    [
        ("rift", new(
            "إيران بدأت في سحب قوات النخبة \"الحرس الثوري الإيراني\" من العملية العسكرية التي تقودها وتديرها روسيا في سوريا نتيجة خلافات كبيرة بين الروس والإيرانيين",
            s["intel-reports"], Stance.Asserts, "ar", "iran-russia-rift", ClaimedAt: EarlyNovember, ArticleId: articleId)),
        ("rift-denial", new(
            "نفى نائب وزير الخارجية الإيرانية حسين أمير عبد اللهيان وجود أية خلافات مع روسيا بخصوص سوريا",
            s["abdollahian"], Stance.Denies, "ar", "iran-russia-rift", Via: [s["isna"]], ClaimedAt: EarlyNovember, ArticleId: articleId)),
        ("withdrawal", new(
            "مسؤولون أمريكيون رصدوا انسحابات لأعداد كبيرة من قوات الحرس الثوري الإيراني من جبهات القتال في سوريا خلال الأسابيع الماضية",
            s["us-officials"], Stance.Asserts, "ar", "irgc-withdrawal-from-syria", Via: [s["bloomberg"]], ClaimedAt: EarlyNovember, ArticleId: articleId)),
        ("troops-7000", new(
            "تقارير أكدت وجود 7000 من مقاتلي الحرس الثوري الإيراني في سوريا مطلع أكتوبر",
            s["intel-reports"], Stance.Asserts, "ar", "iran-troops-in-syria",
            Quantity: new Quantity(7000, "troops", new DateOnly(2015, 10, 1)), ArticleId: articleId)),
        ("troops-2000", new(
            "عدد القوات الإيرانية المتواجد في سوريا حاليا هو 2000 فقط",
            s["dunford"], Stance.Asserts, "ar", "iran-troops-in-syria", Via: [s["bloomberg"]],
            new Quantity(2000, "troops", new DateOnly(2015, 11, 1)), EarlyNovember, articleId)),
        ("wounded", new(
            "إصابة الجنرال سليماني بجراح خطيرة في أثناء وجوده في ريف حلب الجنوبي بفعل هجوم صاروخي",
            s["western-media"], Stance.Asserts, "ar", "soleimani-wounded", ClaimedAt: new DateTimeOffset(2015, 10, 12, 0, 0, 0, TimeSpan.Zero), ArticleId: articleId)),
        ("moscow-visit", new(
            "الجنرال الإيراني قاسم سليماني زار موسكو سراً الأسبوع الفائت واستقبله الرئيس الروسي فلاديمير بوتين",
            s["eu-diplomats"], Stance.Asserts, "ar", "soleimani-moscow-visit", Via: [s["nahrain"], s["tasnim"]], ClaimedAt: EarlyNovember, ArticleId: articleId)),
    ];

    private static readonly (string From, RelationType Type, string To, string Note)[] RelationsBetweenClaims =
    [
        ("rift-denial", RelationType.Denies, "rift", "The deputy foreign minister denies any rift with Russia over Syria."),
        ("withdrawal", RelationType.Supports, "rift", "The reported withdrawal is given as the result of the rift."),
        ("troops-2000", RelationType.Contradicts, "troops-7000", "Dunford's 2,000 against the reported 7,000."),
        ("moscow-visit", RelationType.Refutes, "wounded", "The diplomats say the visit \"practically refutes\" the wound reports."),
    ];

    /// <summary>
    /// The corpus page as scraped, embedded in the assembly, with \n line breaks whatever the checkout did;
    /// the import's reader (<see cref="ScrapedPage"/>) takes it apart.
    /// </summary>
    private static string ReadPage()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("demo.baladi-2015-iran-russia-syria.txt")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
