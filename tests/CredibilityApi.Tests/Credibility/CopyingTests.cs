using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Credibility;

/// <summary>Sources that give the same false answers, subject after subject, count as one.</summary>
public sealed class CopyingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Subjects = 8;

    [Fact]
    public async Task SourcesRepeatingTheSameFalseAnswersAreDiscountedAsCopiesOfOneAnother()
    {
        var editor = await api.Editor();
        // Two worlds alike but for one thing. In each, four honest sources give the true answer on
        // eight subjects (two of them on the first, the one looked at), two passers-by give stray
        // answers, and three other sources give the true answer on four subjects and false answers on
        // the other four. In the first world the three give the same false answers (copiers of one
        // upstream, errors included); in the second they agree on the subject looked at only, and
        // scatter on the three other subjects they get wrong.
        var copied = await World(editor, copying: true);
        var independent = await World(editor, copying: false);

        var (withCopiers, withIndependents) = (await TrueBelief(copied), await TrueBelief(independent));

        // Without copy detection the copiers' answer, three votes on every subject, is as strong as the
        // independents' on the subject looked at, and their trust is if anything higher (elsewhere
        // they are never alone): the truth would be believed no more in the first world than in the second.
        Assert.True(withCopiers > withIndependents + 0.05,
            $"true answer against copiers {withCopiers}, against independent sources {withIndependents}");
    }

    /// <summary>Makes one world; answers its first subject.</summary>
    private static async Task<string> World(HttpClient editor, bool copying)
    {
        var honest = new List<long>();
        var others = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            honest.Add((await Seed.Source(editor)).Id());
        }
        for (var i = 0; i < 3; i++)
        {
            others.Add((await Seed.Source(editor)).Id());
        }
        var subjects = Enumerable.Range(0, Subjects).Select(_ => Unique.Subject("copying")).ToList();
        for (var s = 0; s < Subjects; s++)
        {
            foreach (var source in s == 0 ? honest.Take(2) : honest)
            {
                await Seed.Claim(editor, source, subject: subjects[s], value: $"truth {s}");
            }
            for (var i = 0; i < 2; i++)
            {
                await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subjects[s], value: $"stray {s} {i}");
            }
            for (var i = 0; i < others.Count; i++)
            {
                var shared = copying || s == 0;
                var answer = s >= Subjects / 2 ? $"truth {s}" : shared ? $"error {s}" : $"error {s} {i}";
                await Seed.Claim(editor, others[i], subject: subjects[s], value: answer);
            }
        }
        return subjects[0];
    }

    private async Task<double> TrueBelief(string subject)
    {
        var view = await Beliefs.Subject(api.Anonymous(), subject);
        return view.GetProperty("groups").EnumerateArray()
            .Single(g => g.GetProperty("value").GetString() == "truth 0").GetProperty("belief").GetDouble();
    }
}
