using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Claims;

/// <summary>
/// Similar categorical values lend each other their claims' votes (TruthFinder's implication): the
/// values stay distinct groups, but formatting variants of one answer reinforce each other.
/// </summary>
public sealed class SimilarValueTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task FormattingVariantsLendEachOtherTheirVotesSoTheVariantGroupsBestOptionWins()
    {
        // The same two people written two ways (the same words: similarity 1), against a third
        // answer with as many claims as the first way: alone, A and C would tie.
        var (subject, claims) = await Answers(
            ("Jeffrey D. Ullman, Jennifer Widom", 2),
            ("Widom, Jennifer; Ullman, Jeffrey D.", 1),
            ("Hector Garcia-Molina", 2));

        var view = await Beliefs.Subject(api.Anonymous(), subject);

        var expected = FixedPoint([2, 1, 2], new double[,] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 0 } });
        var groups = view.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(3, groups.Count); // still three options: values compare folded, as before
        for (var o = 0; o < 3; o++)
        {
            Assert.Equal(expected[o], Group(view, claims[o][0]).GetProperty("belief").GetDouble(), tolerance: 1e-5);
        }
        Assert.Equal(1.0, groups.Sum(g => g.GetProperty("belief").GetDouble()), 5);
        Assert.True(expected[0] > expected[2], $"variants {expected[0]} against the third {expected[2]}");
        // A and B are believed alike; the estimate is the one more claims make.
        var estimate = view.GetProperty("estimate");
        Assert.Equal("Jeffrey D. Ullman, Jennifer Widom", estimate.GetProperty("answer").GetString());
        Assert.Equal(expected[0], estimate.GetProperty("belief").GetDouble(), tolerance: 1e-5);
    }

    [Fact]
    public async Task APartialAnswerLendsAtItsSimilarity()
    {
        // "Jeffrey Ullman" has 13 of the 26 letters of "Jeffrey Ullman, Jennifer Widom"'s words: similarity ½.
        var (subject, claims) = await Answers(
            ("Jeffrey Ullman, Jennifer Widom", 2),
            ("Jeffrey Ullman", 1),
            ("Hector Garcia-Molina", 2));

        var view = await Beliefs.Subject(api.Anonymous(), subject);

        var expected = FixedPoint([2, 1, 2], new double[,] { { 0, 0.5, 0 }, { 0.5, 0, 0 }, { 0, 0, 0 } });
        for (var o = 0; o < 3; o++)
        {
            Assert.Equal(expected[o], Group(view, claims[o][0]).GetProperty("belief").GetDouble(), tolerance: 1e-5);
        }
        Assert.True(expected[0] > expected[2], $"the full answer {expected[0]} against the third {expected[2]}");
        Assert.Equal("Jeffrey Ullman, Jennifer Widom", view.GetProperty("estimate").GetProperty("answer").GetString());
    }

    [Fact]
    public async Task DissimilarValuesLendNothing()
    {
        // "Jennifer Lopez" shares one word with the list, 8 of its 50 letters (below 0.3); "Alan
        // Turing" none: the plain softmax of each value's own votes, as without similarity.
        var (subject, claims) = await Answers(
            ("Jeffrey D. Ullman, Jennifer Widom, Hector Garcia-Molina", 2),
            ("Jennifer Lopez", 1),
            ("Alan Turing", 1));

        var view = await Beliefs.Subject(api.Anonymous(), subject);

        var expected = FixedPoint([2, 1, 1], new double[3, 3]);
        for (var o = 0; o < 3; o++)
        {
            Assert.Equal(expected[o], Group(view, claims[o][0]).GetProperty("belief").GetDouble(), tolerance: 1e-5);
        }
        Assert.Equal(expected[1], expected[2], 10);
        Assert.Equal(1.0, view.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("belief").GetDouble()), 5);
    }

    /// <summary>Each value written by its own number of new sources, one claim each; answers the subject and the claims by value.</summary>
    private async Task<(string Subject, List<long>[] Claims)> Answers(params (string Value, int Claims)[] values)
    {
        var editor = await api.Editor();
        var subject = Unique.Subject("authors");
        var claims = values.Select(_ => new List<long>()).ToArray();
        for (var o = 0; o < values.Length; o++)
        {
            for (var c = 0; c < values[o].Claims; c++)
            {
                claims[o].Add((await Seed.Claim(editor, (await Seed.Source(editor)).Id(), subject: subject, value: values[o].Value)).Id());
            }
        }
        return (subject, claims);
    }

    /// <summary>
    /// The model by hand, for options made by n[o] new sources of one claim each: option o's score is
    /// n[o]·(−ln(1 − t[o])) plus, for each other option p, n[p]·(−ln(1 − k[o, p]·t[p])); beliefs are
    /// the softmax of the scores; a source's trust is (1 + c) / 3 on the Beta(1, 1) prior, where c is
    /// its option's belief plus its similar options' beliefs at their closeness (at most 1).
    /// </summary>
    private static double[] FixedPoint(int[] n, double[,] k)
    {
        var count = n.Length;
        var t = Enumerable.Repeat(0.5, count).ToArray();
        var b = new double[count];
        for (var round = 0; round < 60; round++)
        {
            var scores = new double[count];
            for (var o = 0; o < count; o++)
            {
                scores[o] = -n[o] * Math.Log(1 - t[o]);
                for (var p = 0; p < count; p++)
                {
                    scores[o] += p != o && k[o, p] > 0 ? -n[p] * Math.Log(1 - (k[o, p] * t[p])) : 0;
                }
            }
            var total = scores.Sum(Math.Exp);
            for (var o = 0; o < count; o++)
            {
                b[o] = Math.Exp(scores[o]) / total;
            }
            for (var o = 0; o < count; o++)
            {
                var c = b[o];
                for (var p = 0; p < count; p++)
                {
                    c += p != o ? k[o, p] * b[p] : 0;
                }
                t[o] = (1 + Math.Min(1, c)) / 3;
            }
        }
        return b;
    }

    private static JsonElement Group(JsonElement view, long claim) =>
        view.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("claims").EnumerateArray().Any(c => c.Id() == claim));
}
