using System.Diagnostics;
using System.Globalization;
using CredibilityApi.Articles;
using CredibilityApi.Claims;
using CredibilityApi.Data;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;

namespace CredibilityApi.Tools;

/// <summary>
/// A synthetic corpus with the shape of real fact-checking data, deterministic for a seed:
/// about one source per ten claims with skewed popularity (a few outlets relay much of the
/// news), claims in subject clusters of 2 to 32 whose relations form chains up to ten deep
/// plus extra edges (cycles, diamonds), about two relations per claim, competing quantities,
/// denials, Arabic and English text, and verdicts on a tenth of the claims that follow a hidden
/// truth per subject and a hidden reliability per source.
/// </summary>
public sealed class SyntheticCorpus(int claims, int seed)
{
    private const int BatchClaims = 20_000;

    private static readonly string[] ArabicWords =
        ["القوات", "الحكومة", "المعارضة", "الانسحاب", "الاتفاق", "الهدنة", "المساعدات", "الانتخابات", "الاقتصاد", "الحدود",
         "الوزير", "المفاوضات", "العقوبات", "النفط", "اللاجئين", "الجيش", "المدينة", "الميناء", "السفارة", "الخطة"];

    private static readonly string[] EnglishWords =
        ["troops", "government", "opposition", "withdrawal", "agreement", "ceasefire", "aid", "elections", "economy", "border",
         "minister", "talks", "sanctions", "oil", "refugees", "army", "city", "port", "embassy", "plan"];

    private static readonly string[] Syllables = ["ba", "ra", "na", "si", "mo", "ta", "ka", "li", "da", "fa", "zu", "ha", "qa", "ne", "ro"];
    private static readonly string[] ArabicSyllables = ["با", "را", "نا", "سي", "مو", "تا", "كا", "لي", "دا", "فا", "زو", "ها", "قا", "ني", "رو"];
    private static readonly string[] Countries = ["SY", "IR", "IQ", "US", "GB", "RU", "TR", "SA", "EG", "LB", "JO", "FR", "DE", "QA", "AE"];
    private static readonly string[] Units = ["troops", "people", "usd", "barrels", "refugees", "casualties"];
    private static readonly RelationType[] Opposing = [RelationType.Denies, RelationType.Contradicts, RelationType.Refutes];
    private static readonly RelationType[] Agreeing = [RelationType.Supports, RelationType.Corroborates];

    private readonly Random random = new(seed);

    public sealed record Totals(int Sources, int Articles, int Claims, int Relations, int Verdicts, TimeSpan Elapsed);

    public async Task<Totals> WriteAsync(Db db, Action<string> progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var sourceCount = Math.Max(20, claims / 10);
        var articleCount = Math.Max(5, claims / 5);

        var sources = new List<(long Id, SourceKind Kind, double Reliability)>(sourceCount);
        await db.WriteAsync((c, tx) =>
        {
            RowWriter.Bulk(c, tx, bulk =>
            {
                for (var i = 0; i < sourceCount; i++)
                {
                    var kind = Pick(i);
                    var reliability = 0.15 + (0.8 * random.NextDouble());
                    sources.Add((bulk.AddSource(NewSource(i, kind)), kind, reliability));
                }
            });
            return Task.FromResult(0);
        }, ct);
        progress($"{sources.Count} sources");
        var outlets = sources.Where(s => s.Kind == SourceKind.Outlet).ToList();

        var articles = new List<long>(articleCount);
        await db.WriteAsync((c, tx) =>
        {
            RowWriter.Bulk(c, tx, bulk =>
            {
                for (var i = 0; i < articleCount; i++)
                {
                    var arabic = random.Next(2) == 0;
                    articles.Add(bulk.AddArticle(new CreateArticleRequest(
                        $"https://synthetic.example/{seed}/articles/{i}",
                        Sentence(arabic, 6),
                        Language: arabic ? "ar" : "en",
                        PublishedAt: RandomDate(),
                        PublisherId: Popular(outlets).Id,
                        Body: Sentence(arabic, 40))));
                }
            });
            return Task.FromResult(0);
        }, ct);
        progress($"{articles.Count} articles");

        var (claimTotal, relationTotal, verdictTotal, cluster) = (0, 0, 0, 0);
        while (claimTotal < claims)
        {
            var batch = new List<Cluster>();
            for (var inBatch = 0; inBatch < BatchClaims && claimTotal < claims; cluster++)
            {
                var size = Math.Min(claims - claimTotal, 2 + (int)(30 * Math.Pow(random.NextDouble(), 2.5)));
                batch.Add(NewCluster(cluster, size, sources, outlets, articles));
                inBatch += size;
                claimTotal += size;
            }
            (var r, var v) = await db.WriteAsync((c, tx) =>
            {
                var (relations, verdicts) = (0, 0);
                RowWriter.Bulk(c, tx, bulk =>
                {
                    foreach (var group in batch)
                    {
                        var ids = group.Claims.Select(bulk.AddClaim).ToArray();
                        foreach (var (from, to, type) in group.Relations)
                        {
                            bulk.AddRelation(new CreateRelationRequest(ids[from], ids[to], type));
                            relations++;
                        }
                        foreach (var (index, verdict) in group.Verdicts)
                        {
                            bulk.AddVerdict(ids[index], verdict);
                            verdicts++;
                        }
                    }
                });
                return Task.FromResult((relations, verdicts));
            }, ct);
            relationTotal += r;
            verdictTotal += v;
            progress($"{claimTotal} claims, {relationTotal} relations, {verdictTotal} verdicts ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        return new Totals(sources.Count, articles.Count, claimTotal, relationTotal, verdictTotal, clock.Elapsed);
    }

    private sealed record Cluster(
        List<CreateClaimRequest> Claims,
        List<(int From, int To, RelationType Type)> Relations,
        List<(int Claim, CreateVerdictRequest Verdict)> Verdicts);

    private Cluster NewCluster(
        int index, int size, List<(long Id, SourceKind Kind, double Reliability)> sources,
        List<(long Id, SourceKind Kind, double Reliability)> outlets, List<long> articles)
    {
        var quantities = random.NextDouble() < 0.3;
        var subject = $"{(quantities ? "count" : "event")}-{index.ToString(CultureInfo.InvariantCulture)}";
        var unit = Units[random.Next(Units.Length)];
        var truth = Math.Round(Math.Pow(10, 2 + (3 * random.NextDouble())));
        double[] camps = [truth, Math.Round(truth * (1.5 + (2.5 * random.NextDouble()))), Math.Round(truth * (0.2 + (0.4 * random.NextDouble())))];
        var assertionIsTrue = random.Next(2) == 0;

        var claims = new List<CreateClaimRequest>(size);
        var camp = new int[size];
        var correct = new bool[size];
        for (var i = 0; i < size; i++)
        {
            var speaker = Popular(sources);
            // a reliable speaker tends to side with the truth
            correct[i] = random.NextDouble() < speaker.Reliability;
            var arabic = random.Next(2) == 0;
            Quantity? quantity = null;
            var stance = Stance.Asserts;
            if (quantities)
            {
                camp[i] = correct[i] ? 0 : 1 + random.Next(2);
                var value = Math.Round(camps[camp[i]] * (1 + ((random.NextDouble() - 0.5) * 0.06)));
                quantity = new Quantity(value, unit, DateOnly.FromDateTime(new DateTime(2015 + (index % 10), 1 + (index % 12), 1)));
            }
            else
            {
                stance = correct[i] == assertionIsTrue ? Stance.Asserts : Stance.Denies;
                camp[i] = stance == Stance.Asserts ? 0 : 1;
            }
            claims.Add(new CreateClaimRequest(
                Sentence(arabic, 12) + (quantity is { } q ? $" {q.Value.ToString(CultureInfo.InvariantCulture)} {unit}" : ""),
                speaker.Id,
                stance,
                arabic ? "ar" : "en",
                subject,
                Relays(speaker.Id, outlets),
                quantity,
                RandomDate(),
                random.NextDouble() < 0.7 ? articles[random.Next(articles.Count)] : null));
        }

        var relations = new List<(int, int, RelationType)>();
        var pairs = new HashSet<(int, int)>();
        void Relate(int from, int to)
        {
            if (from != to && pairs.Add((from, to)) && !pairs.Contains((to, from)))
            {
                var type = camp[from] == camp[to]
                    ? Agreeing[random.Next(Agreeing.Length)]
                    : Opposing[random.Next(Opposing.Length)];
                relations.Add((from, to, type));
            }
        }
        // a backbone chain, up to ten relations deep, then extra edges closing cycles and diamonds
        for (var i = 1; i < size; i++)
        {
            Relate(i, i % 11 == 0 ? random.Next(i) : i - 1);
        }
        var wanted = Math.Min(2 * size, size * (size - 1) / 2);
        for (var attempts = 0; relations.Count < wanted && attempts < 8 * size; attempts++)
        {
            Relate(random.Next(size), random.Next(size));
        }

        var verdicts = new List<(int, CreateVerdictRequest)>();
        for (var i = 0; i < size; i++)
        {
            if (random.NextDouble() < 0.1)
            {
                var rating = correct[i]
                    ? (random.NextDouble() < 0.7 ? Rating.True : Rating.MostlyTrue)
                    : (random.NextDouble() < 0.7 ? Rating.False : Rating.MostlyFalse);
                verdicts.Add((i, new CreateVerdictRequest(rating, "Synthetic desk", ReviewedAt: RandomDate())));
            }
        }
        return new Cluster(claims, relations, verdicts);
    }

    private static SourceKind Pick(int index) => (index % 10) switch
    {
        < 5 => SourceKind.Outlet,
        < 8 => SourceKind.Person,
        8 => SourceKind.Organization,
        _ => SourceKind.Anonymous,
    };

    private CreateSourceRequest NewSource(int index, SourceKind kind)
    {
        var latin = string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Syllables[random.Next(Syllables.Length)]));
        var arabic = string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => ArabicSyllables[random.Next(ArabicSyllables.Length)]));
        var suffix = index.ToString(CultureInfo.InvariantCulture);
        var name = kind switch
        {
            SourceKind.Outlet => $"{char.ToUpperInvariant(latin[0])}{latin[1..]} News {suffix}",
            SourceKind.Anonymous => $"Unnamed officials {suffix}",
            _ => $"{char.ToUpperInvariant(latin[0])}{latin[1..]} {suffix}",
        };
        var alias = kind == SourceKind.Outlet ? $"وكالة {arabic} {suffix}" : $"{arabic} {suffix}";
        return new CreateSourceRequest(name, kind, Countries[random.Next(Countries.Length)],
            kind == SourceKind.Outlet ? $"https://{latin}{suffix}.example" : null, [new SourceAlias(alias, "ar")]);
    }

    /// <summary>Skewed popularity: low indexes are picked far more often than high ones.</summary>
    private T Popular<T>(List<T> items) => items[(int)(items.Count * Math.Pow(random.NextDouble(), 3))];

    private List<long>? Relays(long speaker, List<(long Id, SourceKind Kind, double Reliability)> outlets)
    {
        var roll = random.NextDouble();
        var count = roll < 0.6 ? 0 : roll < 0.85 ? 1 : roll < 0.95 ? 2 : 3;
        var via = new List<long>();
        for (var attempts = 0; via.Count < count && attempts < 10; attempts++)
        {
            var relay = Popular(outlets).Id;
            if (relay != speaker && !via.Contains(relay))
            {
                via.Add(relay);
            }
        }
        return via.Count == 0 ? null : via;
    }

    private string Sentence(bool arabic, int words)
    {
        var pool = arabic ? ArabicWords : EnglishWords;
        return string.Join(' ', Enumerable.Range(0, words).Select(_ => pool[random.Next(pool.Length)]));
    }

    private DateTimeOffset RandomDate() =>
        new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 10 * 365 * 24 * 60));
}
