using CredibilityApi.Text;

namespace CredibilityApi.Tools;

/// <summary>
/// A synthetic categorical truth-discovery corpus, from a seed, shaped like author lists gathered
/// from online stores: each object (a book) has one true list of one to four people and four false
/// lists, unequally tempting (one author swapped for another person, an extra wrong author, an
/// author missing, another book's authors). Sources have a hidden reliability (the chance they give
/// the true list), a long tail of activity (a few answer hundreds of objects, most a handful), and
/// their own habits of writing a list: name order ("Jeffrey D. Ullman" or "Ullman, Jeffrey D."),
/// separator (comma, semicolon, "and", ampersand, slash), middle initials kept or dropped, first
/// names as initials, case; some also give only the first author or two (a partial answer). Groups
/// of copiers repeat one upstream source's answers as written, errors included. Nothing here is
/// read by the service; it only makes the data the <c>categorical</c> command loads and scores.
/// </summary>
/// <remarks>
/// An answer is right (<see cref="Matches"/>) when it names the same people as the truth: the
/// same folded words (<see cref="TextFold.Key"/>), in any order, single letters (middle initials)
/// and the word "and" aside. So a list written in another order or with other separators is right;
/// one with first names as initials, an author missing or an extra one is not.
/// </remarks>
public sealed class CategoricalCorpus
{
    public sealed record Source(string Name, double Reliability, int? Upstream);

    public sealed record Answer(int Item, int Source, string Value, int Choice);

    /// <summary>How a source writes an author list.</summary>
    private sealed record Habits(bool SurnameFirst, string Separator, bool MiddleInitials, double Initials, double Partial, int Case);

    private sealed record Person(string First, string? Middle, string Last);

    public int Objects { get; }

    public List<Source> Sources { get; } = [];

    public List<Answer> Answers { get; } = [];

    /// <summary>The true answer's text per object (choice 0), in the plainest form ("First M. Last, First Last").</summary>
    public List<string> Truth { get; } = [];

    public CategoricalCorpus(int objects, int independent, int copierGroups, int copiersPerGroup, int seed)
    {
        Objects = objects;
        var random = new Random(seed);
        // A pool of people, some sharing a surname, so swapped authors look alike.
        var surnames = Enumerable.Range(0, Math.Max(50, objects)).Select(_ => Capital(Word(random))).ToList();
        var people = Enumerable.Range(0, Math.Max(200, objects * 2)).Select(_ => new Person(
            Capital(Word(random)), random.NextDouble() < 0.35 ? ((char)('A' + random.Next(26))).ToString() : null, surnames[random.Next(surnames.Count)])).ToList();
        Person Anyone() => people[random.Next(people.Count)];

        var lists = new List<Person[]>();
        for (var o = 0; o < objects; o++)
        {
            var size = random.NextDouble() switch { < 0.35 => 1, < 0.70 => 2, < 0.90 => 3, _ => 4 };
            lists.Add([.. Enumerable.Range(0, size).Select(_ => Anyone())]);
        }
        // Per object: the truth, then four false lists, the first the most tempting.
        var choices = new List<Person[][]>();
        for (var o = 0; o < objects; o++)
        {
            var truth = lists[o];
            var falses = new List<Person[]>();
            foreach (var kind in FalseKinds.OrderBy(_ => random.Next()))
            {
                falses.Add(kind switch
                {
                    0 => Swapped(truth, random.Next(truth.Length), Anyone()),
                    1 => [.. truth, Anyone()],
                    2 when truth.Length > 1 => [.. truth.Where((_, i) => i != truth.Length - 1)],
                    2 => Swapped(truth, 0, Anyone()),
                    _ => lists[random.Next(objects)] is var other && other != truth ? other : [Anyone()],
                });
            }
            choices.Add([truth, .. falses]);
            Truth.Add(Write(truth, new Habits(false, ", ", true, 0, 0, 0), random));
        }

        // Independent sources: reliability spread from poor to good, each with its own habits.
        var habits = new List<Habits>();
        for (var s = 0; s < independent; s++)
        {
            Sources.Add(new Source($"Store {s}", 0.2 + (0.6 * random.NextDouble()), null));
            habits.Add(new Habits(
                random.NextDouble() < 0.3,
                Separators[random.Next(Separators.Length)],
                random.NextDouble() < 0.6,
                random.NextDouble() < 0.2 ? 0.3 + (0.7 * random.NextDouble()) : 0,
                random.NextDouble() < 0.3 ? 0.1 + (0.4 * random.NextDouble()) : 0,
                random.Next(4)));
        }
        // Copier groups: each follows one upstream.
        for (var g = 0; g < copierGroups; g++)
        {
            var upstream = random.Next(independent);
            for (var c = 0; c < copiersPerGroup; c++)
            {
                Sources.Add(new Source($"Copier {g}.{c}", 0, upstream));
            }
        }
        // What each independent source answers: a long tail of activity.
        var given = new Dictionary<(int Item, int Source), (int Choice, string Value)>();
        for (var s = 0; s < independent; s++)
        {
            var activity = Math.Min(objects, (int)(4 / Math.Pow(1 - random.NextDouble(), 1.2)));
            foreach (var o in Enumerable.Range(0, objects).OrderBy(_ => random.Next()).Take(activity))
            {
                // Right with its reliability; wrong answers favour the first false ones (tempting errors).
                var choice = random.NextDouble() < Sources[s].Reliability ? 0 : 1 + (int)(4 * Math.Pow(random.NextDouble(), 2.5));
                var list = choices[o][choice];
                if (list.Length > 1 && random.NextDouble() < habits[s].Partial)
                {
                    list = list[..(1 + random.Next(list.Length - 1))]; // only the first author or two
                }
                given[(o, s)] = (choice, Write(list, habits[s], random));
            }
        }
        // Copiers repeat most of their upstream's answers as written.
        for (var s = independent; s < Sources.Count; s++)
        {
            var upstream = Sources[s].Upstream!.Value;
            foreach (var ((o, _), answer) in given.Where(g => g.Key.Source == upstream).ToList())
            {
                if (random.NextDouble() < 0.8)
                {
                    given[(o, s)] = answer;
                }
            }
        }
        foreach (var ((o, s), (choice, value)) in given.OrderBy(g => g.Key.Item).ThenBy(g => g.Key.Source))
        {
            Answers.Add(new Answer(o, s, value, choice));
        }
    }

    /// <summary>Whether an answer names the same people as the truth: equal folded words in any order, single letters and "and" aside.</summary>
    public static bool Matches(string answer, string truth) => Names(answer).SetEquals(Names(truth));

    private static HashSet<string> Names(string text) =>
        [.. TextFold.Key(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 1 && w != "and")];

    private static readonly int[] FalseKinds = [0, 1, 2, 3];

    private static readonly string[] Separators = [", ", "; ", " and ", " & ", " / "];

    private static readonly string[] Syllables = ["al", "ba", "ka", "mi", "ro", "sa", "ta", "nu", "ze", "qa", "ha", "li", "do", "ri", "ja", "mo", "ve", "lu"];

    private static string Word(Random random) =>
        string.Concat(Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Syllables[random.Next(Syllables.Length)]));

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static Person[] Swapped(Person[] list, int at, Person with) => [.. list.Select((p, i) => i == at ? with : p)];

    /// <summary>A list as a source writes it: its name order, separator, initials and case.</summary>
    private static string Write(Person[] list, Habits h, Random random)
    {
        var names = list.Select(p =>
        {
            var first = h.Initials > 0 && random.NextDouble() < h.Initials ? p.First[0] + "." : p.First;
            var middle = h.MiddleInitials && p.Middle is { } m ? $" {m}." : "";
            return h.SurnameFirst ? $"{p.Last}, {first}{middle}" : $"{first}{middle} {p.Last}";
        });
        var text = string.Join(h.SurnameFirst && h.Separator == ", " ? "; " : h.Separator, names);
        return h.Case switch
        {
            1 => text.ToUpperInvariant(),
            2 => text.ToLowerInvariant(),
            _ => text,
        };
    }
}
