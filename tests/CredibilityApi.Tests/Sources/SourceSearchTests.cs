using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Sources;

/// <summary><c>GET /v1/sources?q=</c> filters by folded name or alias, and like <c>/v1/claims?q=</c> a q that folds to nothing finds nothing.</summary>
public sealed class SourceSearchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string> QueriesThatFoldToNothing { get; } =
    [
        "\u0640\u0640\u0640", "\u064E\u0651", "\u200F\u200E", "\u200B\uFEFF", "\u202A\u202C\u2066\u2069", " \u0640 ", " ",
    ];

    [Theory]
    [MemberData(nameof(QueriesThatFoldToNothing))]
    public async Task QueryMadeOnlyOfMarksFindsNoSourceAsClaimSearchDoes(string q)
    {
        var editor = await api.Editor();
        var word = Unique.ArabicWord();
        await Seed.Source(editor, $"وكالة {word}");
        var speaker = (await Seed.Source(editor)).Id();
        await Seed.Claim(editor, speaker, Baladi.Denial);

        var sources = await api.Anonymous().Items($"/v1/sources?q={Uri.EscapeDataString(q)}");
        var claims = await api.Anonymous().Items($"/v1/claims?q={Uri.EscapeDataString(q)}");

        Assert.Empty(sources);
        Assert.Empty(claims);
        Assert.Single(await api.Anonymous().Items($"/v1/sources?q={Uri.EscapeDataString($"\u200F{word[..3]}\u0640{word[3..]}")}"));
    }
}
