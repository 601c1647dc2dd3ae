using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.ApiKeys;
using CredibilityApi.Tests.Infrastructure;
using Dapper;

namespace CredibilityApi.Tests.Articles;

/// <summary>
/// POST /v1/articles/{id}/claims: an article's proposals, as a person kept them, stored in one
/// transaction. Each test names its sources with a marker of its own, so tests never share a source.
/// </summary>
public sealed class AcceptClaimsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Tables = ["sources", "source_aliases", "claims", "claim_via", "relations", "audit_log"];

    /// <summary>A publisher, an outlet the service knows (Tasnim-like), and an article the publisher published.</summary>
    private async Task<(HttpClient Editor, long Publisher, long Known, long Article, string Marker)> Setup()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var editor = await api.Editor();
        var publisher = (await Seed.Source(editor, $"بلدي نيوز {marker}")).Id();
        var known = (await Seed.Source(editor, $"وكالة تسنيم {marker}", aliases: new[] { new { text = $"Tasnim {marker}", language = "en" } })).Id();
        var article = (await Seed.Article(editor, publisher, body: "نص المقال")).Id();
        return (editor, publisher, known, article, marker);
    }

    /// <summary>
    /// Three claims of the corpus page's kind: unnamed European diplomats via an outlet nobody recorded
    /// and a known agency, a named official's denial of it, and a general's figure via the agency.
    /// </summary>
    private static object Proposals(long known, string marker) => new
    {
        claims = new object[]
        {
            new
            {
                text = "الجنرال قاسم سليماني زار موسكو سراً",
                start = 10, end = 45, cue = "نقلت … عن",
                speaker = new { sourceId = (long?)null, name = $"مصادر أوروبية دبلوماسية {marker}", kind = "anonymous" },
                via = new object[]
                {
                    new { sourceId = (long?)null, name = $"نهرين نت {marker}", kind = "outlet" },
                    new { sourceId = (long?)known, name = "وكالة تسنيم", kind = "outlet" },
                },
                stance = "asserts",
                quantity = (object?)null,
                subject = (string?)null,
            },
            new
            {
                text = "سليماني زار موسكو",
                start = 50, end = 70, cue = "نفى",
                speaker = new { sourceId = (long?)null, name = $"حسين أمير عبد اللهيان {marker}", kind = "person" },
                via = Array.Empty<object>(),
                stance = "denies",
                quantity = (object?)null,
                subject = (string?)null,
            },
            new
            {
                text = "عدد القوات الإيرانية في سوريا 2000",
                start = 80, end = 110, cue = "قال",
                speaker = new { sourceId = (long?)null, name = $"جوزيف دانفورد {marker}", kind = "person" },
                via = new object[] { new { sourceId = (long?)known, name = "تسنيم", kind = "outlet" } },
                stance = "asserts",
                quantity = (object?)new { value = 2000, unit = "troops" },
                subject = (string?)$"iran-troops-{marker}",
            },
        },
        relations = new object[] { new { from = 1, to = 0, type = "denies" } },
    };

    [Fact]
    public async Task ProposalsAreStoredWithNewSourcesTheArticleAndTheirRelationAndEveryIdIsAnsweredByIndex()
    {
        var (editor, publisher, known, article, marker) = await Setup();

        var response = await editor.PostJson($"/v1/articles/{article}/claims", Proposals(known, marker));

        var answer = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal($"/v1/articles/{article}", response.Headers.Location?.OriginalString);
        Assert.Equal(article, answer.GetProperty("articleId").GetInt64());
        Assert.True(answer.GetProperty("created").GetBoolean());
        var claims = answer.GetProperty("claims").EnumerateArray().ToList();
        Assert.Equal(3, claims.Count);
        var diplomats = claims[0].GetProperty("speakerId").GetInt64();
        var nahrain = claims[0].GetProperty("via")[0].GetInt64();
        Assert.Equal([nahrain, known], Longs(claims[0].GetProperty("via")));
        Assert.Empty(Longs(claims[1].GetProperty("via")));
        Assert.Equal([known], Longs(claims[2].GetProperty("via")));
        var created = Longs(answer.GetProperty("createdSources"));
        Assert.Equal(
            new[] { diplomats, nahrain, claims[1].GetProperty("speakerId").GetInt64(), claims[2].GetProperty("speakerId").GetInt64() }.Order(),
            created.Order());

        var reader = api.Anonymous();
        await AssertSource(reader, diplomats, $"مصادر أوروبية دبلوماسية {marker}", "anonymous");
        await AssertSource(reader, nahrain, $"نهرين نت {marker}", "outlet");
        await AssertSource(reader, claims[1].GetProperty("speakerId").GetInt64(), $"حسين أمير عبد اللهيان {marker}", "person");

        var visit = await (await reader.GetAsync($"/v1/claims/{ClaimId(claims[0])}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("الجنرال قاسم سليماني زار موسكو سراً", visit.GetProperty("text").GetString());
        Assert.Equal(article, visit.GetProperty("articleId").GetInt64());
        Assert.Equal("ar", visit.GetProperty("language").GetString());
        Assert.Equal([diplomats, nahrain, known, publisher], visit.GetProperty("attribution").EnumerateArray().Select(s => s.Id()));
        var denial = await (await reader.GetAsync($"/v1/claims/{ClaimId(claims[1])}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal("denies", denial.GetProperty("stance").GetString());
        var figure = await (await reader.GetAsync($"/v1/claims/{ClaimId(claims[2])}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(2000, figure.GetProperty("quantity").GetProperty("value").GetDouble());
        Assert.Equal("troops", figure.GetProperty("quantity").GetProperty("unit").GetString());
        Assert.Equal($"iran-troops-{marker}", figure.GetProperty("subject").GetString());

        var relationId = Assert.Single(Longs(answer.GetProperty("relations")));
        var relation = await (await reader.GetAsync($"/v1/relations/{relationId}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(ClaimId(claims[1]), relation.GetProperty("fromClaimId").GetInt64());
        Assert.Equal(ClaimId(claims[0]), relation.GetProperty("toClaimId").GetInt64());
        Assert.Equal("denies", relation.GetProperty("type").GetString());

        var stored = await (await reader.GetAsync($"/v1/articles/{article}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(claims.Select(ClaimId), stored.GetProperty("claims").EnumerateArray().Select(c => c.Id()));
    }

    [Fact]
    public async Task TheNewClaimsChainShowsTheDenialAgainstItAndTheAttributionUpToThePublisher()
    {
        var (editor, publisher, known, article, marker) = await Setup();
        var answer = await (await editor.PostJson($"/v1/articles/{article}/claims", Proposals(known, marker))).AssertJson(HttpStatusCode.Created);
        var claims = answer.GetProperty("claims").EnumerateArray().ToList();

        var chain = await (await api.Anonymous().GetAsync($"/v1/claims/{ClaimId(claims[0])}/chain")).AssertJson(HttpStatusCode.OK);

        Assert.Equal([ClaimId(claims[1])], Longs(chain.GetProperty("sides").GetProperty("against")));
        var root = chain.GetProperty("nodes").EnumerateArray().Single(n => n.Id() == ClaimId(claims[0]));
        Assert.Equal(
            [claims[0].GetProperty("speakerId").GetInt64(), .. Longs(claims[0].GetProperty("via")), publisher],
            Longs(root.GetProperty("attribution")));
        var denial = chain.GetProperty("nodes").EnumerateArray().Single(n => n.Id() == ClaimId(claims[1]));
        Assert.Equal([claims[1].GetProperty("speakerId").GetInt64(), publisher], Longs(denial.GetProperty("attribution")));
        var names = chain.GetProperty("sources").EnumerateArray().ToDictionary(s => s.Id(), s => s.GetProperty("name").GetString());
        Assert.Equal($"مصادر أوروبية دبلوماسية {marker}", names[claims[0].GetProperty("speakerId").GetInt64()]);
    }

    [Fact]
    public async Task TheSameProposalsAcceptedAgainStoreNothingAndAnswerTheSameIds()
    {
        var (editor, _, known, article, marker) = await Setup();
        var first = await (await editor.PostJson($"/v1/articles/{article}/claims", Proposals(known, marker))).AssertJson(HttpStatusCode.Created);
        var before = await Counts();

        var again = await (await editor.PostJson($"/v1/articles/{article}/claims", Proposals(known, marker))).AssertJson(HttpStatusCode.OK);

        Assert.Equal(before, await Counts());
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Empty(again.GetProperty("createdSources").EnumerateArray());
        Assert.Equal(first.GetProperty("claims").GetRawText(), again.GetProperty("claims").GetRawText());
        Assert.Equal(first.GetProperty("relations").GetRawText(), again.GetProperty("relations").GetRawText());
    }

    [Fact]
    public async Task ProposalsAddedToAnAcceptedSetStoreOnlyWhatIsNew()
    {
        var (editor, _, known, article, marker) = await Setup();
        var first = await (await editor.PostJson($"/v1/articles/{article}/claims", Proposals(known, marker))).AssertJson(HttpStatusCode.Created);
        var before = await Counts();
        var one = JsonSerializer.SerializeToElement(Proposals(known, marker), HttpAssertions.Json);
        var more = new
        {
            claims = new object[]
            {
                one.GetProperty("claims")[0],
                new
                {
                    text = "الحرس الثوري يسحب قواته", start = 0, end = 10, cue = "ذكرت",
                    speaker = new { sourceId = (long?)null, name = $"مصادر أوروبية دبلوماسية {marker}", kind = "anonymous" },
                    via = Array.Empty<object>(), stance = "asserts",
                },
            },
        };

        var answer = await (await editor.PostJson($"/v1/articles/{article}/claims", more)).AssertJson(HttpStatusCode.Created);

        var claims = answer.GetProperty("claims").EnumerateArray().ToList();
        Assert.Equal(ClaimId(first.GetProperty("claims")[0]), ClaimId(claims[0]));
        Assert.Equal(claims[0].GetProperty("speakerId").GetInt64(), claims[1].GetProperty("speakerId").GetInt64());
        Assert.Empty(answer.GetProperty("createdSources").EnumerateArray());
        var after = await Counts();
        Assert.Equal(before["claims"] + 1, after["claims"]);
        Assert.Equal(before["sources"], after["sources"]);
        Assert.Equal(before["audit_log"] + 1, after["audit_log"]);
    }

    [Fact]
    public async Task EveryStoredRowIsAuditedAsACreateByTheEditorsKey()
    {
        var (_, _, known, article, marker) = await Setup();
        var key = await TestKeys.Create(api, "editor");

        var answer = await (await key.Client.PostJson($"/v1/articles/{article}/claims", Proposals(known, marker))).AssertJson(HttpStatusCode.Created);

        var admin = api.Admin();
        var entries = new List<(string Entity, long Id)>(
            [.. answer.GetProperty("createdSources").EnumerateArray().Select(s => ("source", s.GetInt64())),
             .. answer.GetProperty("claims").EnumerateArray().Select(c => ("claim", ClaimId(c))),
             .. answer.GetProperty("relations").EnumerateArray().Select(r => ("relation", r.GetInt64()))]);
        Assert.Equal(8, entries.Count);
        foreach (var (entity, id) in entries)
        {
            var entry = Assert.Single(await admin.Items($"/v1/audit?entity={entity}&id={id}"));
            Assert.Equal("create", entry.GetProperty("action").GetString());
            Assert.Equal(key.Id, entry.GetProperty("keyId").GetInt64());
            Assert.Equal(id, entry.GetProperty("after").Id());
        }
    }

    [Fact]
    public async Task AnAnonymousPhraseIsOneSourceAcrossArticlesHoweverItIsSpelled()
    {
        var (editor, publisher, known, first, marker) = await Setup();
        var second = (await Seed.Article(editor, publisher, body: "نص آخر")).Id();
        var named = (await Seed.Source(editor, $"Nahrain Net {marker}", aliases: new[] { new { text = $"نهرين نت {marker}", language = "ar" } })).Id();

        object Body(string phrase, string relay, string text) => new
        {
            claims = new[]
            {
                new
                {
                    text, start = 0, end = 5, cue = "نقلت عن",
                    speaker = new { sourceId = (long?)null, name = phrase, kind = "anonymous" },
                    via = new object[] { new { sourceId = (long?)null, name = relay, kind = "outlet" } },
                    stance = "asserts",
                },
            },
        };
        var one = await (await editor.PostJson($"/v1/articles/{first}/claims",
            Body($"مسؤولين أمريكيين {marker}", $"نهرين نت {marker}", "روسيا تسحب قواتها"))).AssertJson(HttpStatusCode.Created);
        // Diacritics, tatweel, a bare alef for the hamza, doubled spaces; the relay by its English name in other case.
        var two = await (await editor.PostJson($"/v1/articles/{second}/claims",
            Body($"مسؤولينَ  امريـــكيّين {marker}", $"NAHRAIN NET {marker}", "إيران تسحب قواتها"))).AssertJson(HttpStatusCode.Created);

        var speaker = one.GetProperty("claims")[0].GetProperty("speakerId").GetInt64();
        Assert.Equal(speaker, two.GetProperty("claims")[0].GetProperty("speakerId").GetInt64());
        Assert.Equal([speaker], Longs(one.GetProperty("createdSources")));
        Assert.Empty(two.GetProperty("createdSources").EnumerateArray());
        Assert.Equal([named], Longs(one.GetProperty("claims")[0].GetProperty("via")));
        Assert.Equal([named], Longs(two.GetProperty("claims")[0].GetProperty("via")));
        var anonymous = await api.Anonymous().Items($"/v1/sources?kind=anonymous&q={marker}");
        Assert.Equal([speaker], anonymous.Select(s => s.Id()));
    }

    [Fact]
    public async Task AnAnonymousPhraseNeverBecomesANamedSourceOfTheSameNameNorTheOtherWayRound()
    {
        var (editor, _, _, article, marker) = await Setup();
        var person = (await Seed.Source(editor, $"مصدر مطلع {marker}", "person")).Id();

        var answer = await (await editor.PostJson($"/v1/articles/{article}/claims", new
        {
            claims = new[]
            {
                new
                {
                    text = "خبر ما", start = 0, end = 5, cue = "قال",
                    speaker = new { sourceId = (long?)null, name = $"مصدر مطلع {marker}", kind = "anonymous" },
                    via = Array.Empty<object>(), stance = "asserts",
                },
            },
        })).AssertJson(HttpStatusCode.Created);

        var speaker = answer.GetProperty("claims")[0].GetProperty("speakerId").GetInt64();
        Assert.NotEqual(person, speaker);
        await AssertSource(api.Anonymous(), speaker, $"مصدر مطلع {marker}", "anonymous");
    }

    public static TheoryData<string, string, string[]> Invalid => new()
    {
        { "no claims", """{"claims":[]}""", ["claims"] },
        { "claims left out", """{"relations":[]}""", ["claims"] },
        { "blank text", Claims(Claim(text: "\"  \"")), ["claims[0].text"] },
        { "blank speaker name at index 2", Claims(Claim(), Claim(), Claim(speaker: Named("\"\""))), ["claims[2].speaker.name"] },
        { "speaker left out", Claims(Claim(speaker: "null")), ["claims[0].speaker"] },
        { "a control character in the text", Claims(Claim(text: "\"a\\u0001b\"")), ["claims[0].text"] },
        { "relay equal to the speaker by id", Claims(Claim(speaker: Known, via: $"[{Known}]")), ["claims[0].via"] },
        { "relay equal to the speaker by folded name", Claims(Claim(speaker: Named("\"حسين عبد اللهيان\""), via: $"[{Named("\"حُسين عبد اللّهيان\"")}]")), ["claims[0].via"] },
        { "a relay twice", Claims(Claim(via: $"[{Named("\"Nahrain\"")},{Named("\"nahrain\"")}]")), ["claims[0].via"] },
        { "too many relays", Claims(Claim(via: "[" + string.Join(",", Enumerable.Range(0, 21).Select(i => Named($"\"relay {i}\""))) + "]")), ["claims[0].via"] },
        { "a null relay", Claims(Claim(via: "[null]")), ["claims[0].via[0]"] },
        { "an unknown stance", Claims(Claim(stance: "\"maybe\"")), ["claims[0].stance"] },
        { "an unknown kind", Claims(Claim(speaker: """{"sourceId":null,"name":"x","kind":"robot"}""")), ["claims[0].speaker.kind"] },
        { "a quantity without unit", Claims(Claim(quantity: """{"value":7000,"unit":""}""")), ["claims[0].quantity.unit"] },
        { "a quantity out of range", Claims(Claim(quantity: """{"value":1e16,"unit":"troops"}""")), ["claims[0].quantity.value"] },
        { "an end before the start", Claims(Claim(start: 9, end: 3)), ["claims[0].end"] },
        { "a negative start", Claims(Claim(start: -1, end: 3)), ["claims[0].start"] },
        { "relation to out of range", Claims([Claim(), Claim()], """[{"from":0,"to":2,"type":"denies"}]"""), ["relations[0].to"] },
        { "relation from negative", Claims([Claim(), Claim()], """[{"from":-1,"to":1,"type":"denies"}]"""), ["relations[0].from"] },
        { "relation to itself", Claims([Claim(), Claim()], """[{"from":1,"to":1,"type":"refutes"}]"""), ["relations[0].to"] },
        { "relation of an unknown type", Claims([Claim(), Claim()], """[{"from":0,"to":1,"type":"hates"}]"""), ["relations[0].type"] },
        { "an unknown field", Claims(Claim(extra: ",\"speakerId\":4")), ["claims[0].speakerId"] },
        { "a speaker's kind left out", Claims(Claim(speaker: """{"sourceId":null,"name":"x"}""")), ["claims[0].speaker.kind"] },
        { "a relation's type left out", Claims([Claim(), Claim()], """[{"from":0,"to":1}]"""), ["relations[0].type"] },
        { "a relation's ends left out", Claims([Claim(), Claim()], """[{"type":"denies"}]"""), ["relations[0].from", "relations[0].to"] },
        { "too many claims", Claims([.. Enumerable.Range(0, 501).Select(_ => Claim())]), ["claims"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task AnInvalidProposalIsAProblemNamingItsPathAndStoresNothing(string because, string body, string[] fields)
    {
        var (editor, _, _, article, _) = await Setup();
        var before = await Counts();

        var response = await editor.PostAsync($"/v1/articles/{article}/claims", Json(body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, because);
        await response.AssertValidationProblem(fields);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task AnUnknownSpeakerOrRelayIdIsTheProblemPostClaimsGivesForAnUnknownSpeaker()
    {
        var (editor, _, known, article, marker) = await Setup();
        var postClaim = await (await editor.PostJson("/v1/claims", new { text = "x", speakerId = 987654321 })).AssertValidationProblem("speakerId");
        var before = await Counts();

        var response = await editor.PostJson($"/v1/articles/{article}/claims", new
        {
            claims = new[]
            {
                new
                {
                    text = "خبر", start = 0, end = 3, cue = "قال",
                    speaker = new { sourceId = (long?)987654321, name = "مجهول", kind = "person" },
                    via = new object[]
                    {
                        new { sourceId = (long?)known, name = "تسنيم", kind = "outlet" },
                        new { sourceId = (long?)987654322, name = $"x {marker}", kind = "outlet" },
                    },
                    stance = "asserts",
                },
            },
        });

        var problem = await response.AssertValidationProblem("claims[0].speaker.sourceId", "claims[0].via[1].sourceId");
        var expected = postClaim.GetProperty("errors").GetProperty("speakerId").GetRawText();
        Assert.Equal(expected, problem.GetProperty("errors").GetProperty("claims[0].speaker.sourceId").GetRawText());
        Assert.Equal(expected, problem.GetProperty("errors").GetProperty("claims[0].via[1].sourceId").GetRawText());
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task AFailureMidWayLeavesNoSourceClaimOrRelationBehind()
    {
        var (editor, _, known, article, marker) = await Setup();
        var before = await Counts();
        var proposals = JsonSerializer.SerializeToElement(Proposals(known, marker), HttpAssertions.Json);
        // Claims 0 to 2 create four sources and three claims; claim 3 names its relay by the known
        // source's English alias, which only the store resolves: to the speaker itself.
        var body = new
        {
            claims = new object[]
            {
                proposals.GetProperty("claims")[0],
                proposals.GetProperty("claims")[1],
                proposals.GetProperty("claims")[2],
                new
                {
                    text = "تسنيم تنقل عن نفسها", start = 0, end = 5, cue = "نقلت",
                    speaker = new { sourceId = (long?)known, name = "وكالة تسنيم", kind = "outlet" },
                    via = new object[] { new { sourceId = (long?)null, name = $"TASNIM {marker}", kind = "outlet" } },
                    stance = "asserts",
                },
            },
            relations = new object[] { new { from = 1, to = 0, type = "denies" } },
        };

        var problem = await (await editor.PostJson($"/v1/articles/{article}/claims", body)).AssertValidationProblem("claims[3].via");

        Assert.Equal("must not contain the speaker.", problem.GetProperty("errors").GetProperty("claims[3].via")[0].GetString());
        Assert.Equal(before, await Counts());
        Assert.Empty(await api.Anonymous().Items($"/v1/sources?q={marker}&kind=anonymous"));
        Assert.Empty((await (await api.Anonymous().GetAsync($"/v1/articles/{article}")).AssertJson(HttpStatusCode.OK)).GetProperty("claims").EnumerateArray());
    }

    [Fact]
    public async Task ARelationBetweenTwoProposalsThatAreOneClaimIsRefusedAndRollsBackTheClaims()
    {
        var (editor, _, known, article, marker) = await Setup();
        var before = await Counts();
        var claim = JsonSerializer.SerializeToElement(Proposals(known, marker), HttpAssertions.Json).GetProperty("claims")[0];

        var response = await editor.PostJson($"/v1/articles/{article}/claims", new
        {
            claims = new[] { claim, claim },
            relations = new object[] { new { from = 0, to = 1, type = "supports" } },
        });

        await response.AssertValidationProblem("relations[0].to");
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task AnUnknownArticleIsNotFoundAndStoresNothing()
    {
        var (editor, _, known, _, marker) = await Setup();
        var before = await Counts();

        var problem = await (await editor.PostJson("/v1/articles/987654321/claims", Proposals(known, marker))).AssertProblem(HttpStatusCode.NotFound);

        Assert.Equal("No article has id 987654321.", problem.GetProperty("title").GetString());
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task AcceptingNeedsAnEditorKey()
    {
        var (_, _, known, article, marker) = await Setup();
        var reader = await api.WithRole("reader");
        var before = await Counts();

        await (await api.Anonymous().PostJson($"/v1/articles/{article}/claims", Proposals(known, marker))).AssertProblem(HttpStatusCode.Unauthorized);
        await (await reader.PostJson($"/v1/articles/{article}/claims", Proposals(known, marker))).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await Counts());
    }

    // ---- helpers

    /// <summary>A source every test's database has by then: the first one <see cref="Setup"/> made.</summary>
    private const string Known = """{"sourceId":1,"name":"بلدي نيوز","kind":"outlet"}""";

    private static string Named(string name, string kind = "person") => $$"""{"sourceId":null,"name":{{name}},"kind":"{{kind}}"}""";

    private static string Claim(string text = "\"نص الخبر\"", string? speaker = null, string via = "[]", string stance = "\"asserts\"",
        string quantity = "null", int start = 0, int end = 4, string extra = "") =>
        $$"""{"text":{{text}},"start":{{start}},"end":{{end}},"cue":"قال","speaker":{{speaker ?? Named("\"مصادر مطلعة\"", "anonymous")}},"via":{{via}},"stance":{{stance}},"quantity":{{quantity}},"subject":null{{extra}}}""";

    private static string Claims(params string[] claims) => $$"""{"claims":[{{string.Join(",", claims)}}]}""";

    private static string Claims(string[] claims, string relations) => $$"""{"claims":[{{string.Join(",", claims)}}],"relations":{{relations}}}""";

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static long ClaimId(JsonElement accepted) => accepted.GetProperty("claimId").GetInt64();

    private static List<long> Longs(JsonElement array) => [.. array.EnumerateArray().Select(x => x.GetInt64())];

    private static async Task AssertSource(HttpClient reader, long id, string name, string kind)
    {
        var source = await (await reader.GetAsync($"/v1/sources/{id}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(name, source.GetProperty("name").GetString());
        Assert.Equal(kind, source.GetProperty("kind").GetString());
    }

    private async Task<Dictionary<string, long>> Counts()
    {
        await using var connection = api.OpenDatabase();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        }
        return counts;
    }
}
