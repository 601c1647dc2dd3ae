using System.Net;
using System.Text;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Extraction;

/// <summary>
/// Extraction never fails a page: pages made of cue words, names, numbers, quotes and marks in random
/// order (unbalanced quotes, cues at the end, relays with nothing after) still answer 200, with every
/// proposal's text at its offsets in the body and every relation between proposals that exist.
/// </summary>
public sealed class ExtractionRobustnessTests(DemoApi demo) : IClassFixture<DemoApi>
{
    private static readonly string[] Pieces =
    [
        "نقلت", "عن", "وكالة تسنيم", "نهرين نت", "أن", "إن", "قال", "وأضاف", "نفى", "نفت", "مصادر", "التي", "لم تسمها", "الموقع",
        "الشبكة", "بلومبرج", "قوله", "قائلا", "،", ",", ".", ":", "\"", "«", "»", "“", "”", "7000 آلاف", "٢٬٥٠٠", "ألفي", "عدد", "هو",
        "said", "told", "Reuters", "according", "to", "citing", "quoted", "as", "saying", "denied", "reports", "that", "he", "the agency",
        "a senior official", "2,000", "two thousand", "(", ")", "بحسب", "وفقا", "لـ", "تكذيباً", "لتقارير", "وكانت", "كشفت", "\n",
    ];

    [Fact]
    public async Task PagesOfCuesAndMarksInAnyOrderAnswerProposalsThatPointIntoTheBody()
    {
        var editor = await demo.Api.Editor();
        var random = new Random(16);
        for (var page = 0; page < 150; page++)
        {
            var text = new StringBuilder("عنوان\n\nبلدي نيوز – (كاتب)\n");
            for (var i = random.Next(1, 80); i > 0; i--)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]).Append(random.Next(3) == 0 ? "" : " ");
            }
            text.Append("أن");

            var analysis = await (await editor.PostText("/v1/articles/import?dryRun=true", text.ToString())).AssertJson(HttpStatusCode.OK);

            var body = analysis.GetProperty("body").GetString()!;
            var claims = analysis.GetProperty("claims").EnumerateArray().ToList();
            foreach (var claim in claims)
            {
                var (start, end) = (claim.GetProperty("start").GetInt32(), claim.GetProperty("end").GetInt32());
                Assert.InRange(start, 0, end - 1);
                Assert.Equal(claim.GetProperty("text").GetString(), body[start..end]);
            }
            foreach (var relation in analysis.GetProperty("relations").EnumerateArray())
            {
                Assert.InRange(relation.GetProperty("from").GetInt32(), 0, claims.Count - 1);
                Assert.InRange(relation.GetProperty("to").GetInt32(), 0, claims.Count - 1);
            }
        }
    }
}
