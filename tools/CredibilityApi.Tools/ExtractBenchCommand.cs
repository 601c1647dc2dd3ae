using System.Diagnostics;
using System.Globalization;
using System.Text;
using CredibilityApi.Extraction;
using CredibilityApi.Reads;

namespace CredibilityApi.Tools;

/// <summary>
/// <c>CredibilityApi.Tools extract-bench --sources 100000 --words 5000 --runs 50</c>: times claim extraction
/// (<see cref="ClaimExtractor.Extract(string, SourceNameIndex, CredibilityApi.Sources.SourceRef?, string?, CancellationToken)"/>:
/// every mention of a known source, then the cues, speakers, relays, quantities and relations) on a generated
/// page of about <c>--words</c> words, Arabic and English, with <c>--sources</c> sources known in the name
/// index (names that share their leading words, as outlets' names do). The page reports claims in the shapes
/// extraction reads (relay chains, anonymous sources, denials, numbers, "X said") and names known sources
/// throughout. The first runs warm the code up; the timed runs are reported as median, 95th percentile and maximum
/// wall time, and the process's CPU time per run.
/// </summary>
public static class ExtractBenchCommand
{
    private static readonly string[] Words =
    [
        "الشرق", "الغرب", "الشمال", "الجنوب", "العربية", "الدولية", "الوطنية", "المستقلة", "الحرة", "الجديدة",
        "الأولى", "الكبرى", "الموحدة", "الشعبية", "الرسمية", "الخاصة", "المحلية", "الإقليمية", "العالمية", "اليومية",
    ];

    public static bool IsRequested(string[] args) => args is ["extract-bench", ..];

    public static int Run(string[] args)
    {
        var (sources, words, runs) = (100_000, 5_000, 50);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--sources": sources = value; break;
                case "--words": words = value; break;
                case "--runs": runs = value; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        using var names = new SourceNameIndex();
        var clock = Stopwatch.StartNew();
        names.Apply(Sources(sources), replaceAll: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sources} sources indexed in {clock.Elapsed.TotalSeconds:F1} s"));

        var page = Page(sources, words);
        var wordCount = page.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        var warm = ClaimExtractor.Extract(page, names, null, null, CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            ClaimExtractor.Extract(page, names, null, null, CancellationToken.None);
        }
        var times = new List<double>(runs);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < runs; i++)
        {
            clock.Restart();
            ClaimExtractor.Extract(page, names, null, null, CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        // On a shared machine the wall time also counts waiting for a core; the process's CPU time does not.
        var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"page: {wordCount} words, {page.Length} characters; {warm.Claims.Count} claims, {warm.Relations.Count} relations proposed"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"extraction over {runs} runs: median {times[runs / 2]:F1} ms, p95 {times[(int)(runs * 0.95)]:F1} ms, max {times[^1]:F1} ms; CPU {cpuPerRun:F1} ms a run"));
        return 0;
    }

    private static string Name(int i) => $"وكالة أنباء {Words[i % 20]} {Words[i / 20 % 20]} {(i / 400) + 1}";

    private static SourceNameIndex.Changes Sources(int count)
    {
        var rows = new List<SourceNameIndex.NameRow>(count);
        for (var i = 0; i < count; i++)
        {
            rows.Add(i % 5 == 4
                ? new SourceNameIndex.NameRow { Id = i + 1, Name = $"Source Person {i}", Kind = "person" }
                : new SourceNameIndex.NameRow { Id = i + 1, Name = Name(i), Kind = "outlet" });
        }
        return new SourceNameIndex.Changes([], rows, Array.Empty<(long, string)>().ToLookup(a => a.Item1, a => a.Item2));
    }

    /// <summary>Sentences in the shapes extraction reads, naming known sources, until the page has <paramref name="words"/> words.</summary>
    private static string Page(int sources, int words)
    {
        var random = new Random(16);
        string Known() => Name(random.Next(sources / 5) * 5);
        var templates = new Func<string>[]
        {
            () => $"ونقلت {Known()} عن {Known()} عن مصادر أمنية مطلعة أن الرتل ضم أكثر من {random.Next(10, 900)} آلية عسكرية بينها دبابات.",
            () => $"وقال المتحدث باسم الوزارة أحمد خليل في بيان إن \"الوضع تحت السيطرة تماما\" وإن الاتصالات مستمرة.",
            () => $"نفت {Known()} صحة التقارير التي تحدثت عن انسحاب القوات من المنطقة الشرقية خلال الأسبوع الماضي.",
            () => $"وكانت {Known()} ذكرت أن مسؤولين غربيين رصدوا تحركات لأعداد كبيرة من المقاتلين قرب الحدود.",
            () => $"وأضافت الوكالة أن عدد النازحين تجاوز {random.Next(1, 9)}٬{random.Next(100, 999)} عائلة منذ بداية الشهر.",
            () => "ويعاني السكان من نقص حاد في المياه والكهرباء منذ أشهر، بينما تتواصل الاشتباكات في الأرياف.",
            () => $"The ministry said on Tuesday that about {random.Next(2, 9)},000 troops would be deployed to the border region.",
            () => "\"We will not accept any delay,\" a senior official told reporters, speaking on condition of anonymity.",
            () => "According to local officials, at least 38 people have died since the rains began in July.",
        };
        var page = new StringBuilder("عنوان الخبر عن التطورات الأخيرة - موقع الأخبار\n\nبقلم: سارة الأحمد\n");
        var count = 0;
        while (count < words)
        {
            var sentence = templates[random.Next(templates.Length)]();
            page.Append(sentence).Append(random.Next(4) == 0 ? '\n' : ' ');
            count += sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        return page.ToString();
    }
}
