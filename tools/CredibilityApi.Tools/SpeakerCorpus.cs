namespace CredibilityApi.Tools;

/// <summary>
/// A synthetic speaker-credibility corpus, deterministic for a seed: parties with a hidden
/// reliability, speakers whose reliability scatters around their party's and differs by topic,
/// and statements with one or two topics whose verdict follows the speaker's reliability on them.
/// Statement counts per speaker are heavy-tailed, so many speakers have a thin record. Each
/// statement is in the training split (imported with its verdict) or the test split (ranked
/// unseen by its speaker's score), about one in five.
/// </summary>
public sealed class SpeakerCorpus
{
    public static readonly string[] Topics =
        ["economy", "health care", "immigration", "taxes", "foreign policy", "crime", "education", "energy", "jobs", "elections"];

    private static readonly string[] Positive = ["true", "mostly-true"];
    private static readonly string[] Negative = ["false", "mostly-false", "mixed"];

    public SpeakerCorpus(int speakers, int parties, int seed)
    {
        var random = new Random(seed);
        Parties = [.. Enumerable.Range(0, parties).Select(p => new Party(p, $"Party {seed}-{p}", 0.25 + (0.5 * random.NextDouble())))];
        var list = new List<Speaker>(speakers);
        var statements = new List<Statement>();
        for (var s = 0; s < speakers; s++)
        {
            var party = Parties[random.Next(parties)];
            var own = Clamp(party.Reliability + Normal(random, 0.12));
            var byTopic = Topics.Select(_ => Clamp(own + Normal(random, 0.18))).ToArray();
            var speaker = new Speaker(s, $"Speaker {seed}-{s}", party.Index, own, byTopic);
            list.Add(speaker);
            // Heavy-tailed record sizes: most speakers say a few rated things, a few say hundreds.
            var count = Math.Min(300, (int)Math.Ceiling(2 / Math.Pow(1 - random.NextDouble(), 0.9)));
            // A speaker talks about a few topics mostly.
            var favourites = Enumerable.Range(0, 3).Select(_ => random.Next(Topics.Length)).ToArray();
            for (var i = 0; i < count; i++)
            {
                var first = random.NextDouble() < 0.7 ? favourites[random.Next(favourites.Length)] : random.Next(Topics.Length);
                int[] topics = random.NextDouble() < 0.3 ? [first, (first + 1 + random.Next(Topics.Length - 1)) % Topics.Length] : [first];
                var reliability = topics.Average(t => byTopic[t]);
                var positive = random.NextDouble() < reliability;
                var rating = positive ? Positive[random.Next(Positive.Length)] : Negative[random.Next(Negative.Length)];
                statements.Add(new Statement(statements.Count, s, topics, rating, positive, random.NextDouble() < 0.2));
            }
        }
        Speakers = list;
        Statements = statements;
    }

    public IReadOnlyList<Party> Parties { get; }

    public IReadOnlyList<Speaker> Speakers { get; }

    public IReadOnlyList<Statement> Statements { get; }

    public sealed record Party(int Index, string Name, double Reliability);

    public sealed record Speaker(int Index, string Name, int Party, double Reliability, double[] ReliabilityByTopic);

    /// <summary>A rated statement; <paramref name="Positive"/> is the label ranked (true or mostly-true).</summary>
    public sealed record Statement(int Index, int Speaker, int[] Topics, string Rating, bool Positive, bool Test);

    private static double Clamp(double p) => Math.Clamp(p, 0.03, 0.97);

    private static double Normal(Random random, double sd) =>
        sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
