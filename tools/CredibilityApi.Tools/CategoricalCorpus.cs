namespace CredibilityApi.Tools;

/// <summary>
/// A synthetic categorical truth-discovery corpus, from a seed: objects with one true answer and a
/// few false ones (some more tempting than others), sources of hidden reliability and activity (a
/// long tail: a few answer hundreds of objects, most a handful), and groups of copiers that repeat
/// one upstream source's answers, its errors included. Answers are written with the variations
/// folding absorbs (case, punctuation, spacing). Nothing here is read by the service; it only
/// makes the data the <c>categorical</c> command loads and scores.
/// </summary>
public sealed class CategoricalCorpus
{
    public sealed record Source(string Name, double Reliability, int? Upstream);

    public sealed record Answer(int Item, int Source, string Value, int Choice);

    public int Objects { get; }

    public List<Source> Sources { get; } = [];

    public List<Answer> Answers { get; } = [];

    /// <summary>The true answer's text per object (choice 0).</summary>
    public List<string> Truth { get; } = [];

    public CategoricalCorpus(int objects, int independent, int copierGroups, int copiersPerGroup, int seed)
    {
        Objects = objects;
        var random = new Random(seed);
        var choices = new List<string[]>();
        for (var o = 0; o < objects; o++)
        {
            // Five candidate answers per object: the truth and four false ones.
            choices.Add([.. Enumerable.Range(0, 5).Select(k => $"{Word(random)} {Word(random)}")]);
            Truth.Add(choices[o][0]);
        }
        // Independent sources: reliability spread from poor to good.
        for (var s = 0; s < independent; s++)
        {
            Sources.Add(new Source($"Source {s}", 0.2 + (0.6 * random.NextDouble()), null));
        }
        // Copier groups: each follows one upstream, a source of middling reliability.
        for (var g = 0; g < copierGroups; g++)
        {
            var upstream = random.Next(independent);
            for (var c = 0; c < copiersPerGroup; c++)
            {
                Sources.Add(new Source($"Copier {g}.{c}", 0, upstream));
            }
        }
        // What each independent source answers: a long tail of activity.
        var given = new Dictionary<(int Item, int Source), int>();
        for (var s = 0; s < independent; s++)
        {
            var activity = Math.Min(objects, (int)(5 / Math.Pow(1 - random.NextDouble(), 0.9)));
            foreach (var o in Enumerable.Range(0, objects).OrderBy(_ => random.Next()).Take(activity))
            {
                // Right with its reliability; wrong answers favour the first false ones (tempting errors).
                var choice = random.NextDouble() < Sources[s].Reliability ? 0 : 1 + (int)(4 * Math.Pow(random.NextDouble(), 2.5));
                given[(o, s)] = choice;
            }
        }
        // Copiers repeat most of their upstream's answers, and answer a few objects on their own, poorly.
        for (var s = independent; s < Sources.Count; s++)
        {
            var upstream = Sources[s].Upstream!.Value;
            foreach (var ((o, from), choice) in given.Where(g => g.Key.Source == upstream).ToList())
            {
                if (random.NextDouble() < 0.8)
                {
                    given[(o, s)] = choice;
                }
            }
        }
        foreach (var ((o, s), choice) in given.OrderBy(g => g.Key.Item).ThenBy(g => g.Key.Source))
        {
            Answers.Add(new Answer(o, s, Spell(choices[o][choice], random), choice));
        }
    }

    private static readonly string[] Syllables = ["al", "ba", "ka", "mi", "ro", "sa", "ta", "nu", "ze", "qa", "ha", "li", "do", "ri", "ja"];

    private static string Word(Random random) =>
        string.Concat(Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Syllables[random.Next(Syllables.Length)]));

    /// <summary>The answer as one writer might spell it: capitals, a hyphen for the space, a trailing stop.</summary>
    private static string Spell(string answer, Random random) => random.Next(5) switch
    {
        0 => answer.ToUpperInvariant(),
        1 => string.Join(' ', answer.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
        2 => answer.Replace(' ', '-') + ".",
        _ => answer,
    };
}
