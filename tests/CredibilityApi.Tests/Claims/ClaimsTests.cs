using System.Net;
using System.Text.Json;
using CredibilityApi.Tests.Infrastructure;
using CredibilityApi.Tests.Support;

namespace CredibilityApi.Tests.Claims;

public sealed class ClaimsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task PostingClaimRecordsItsAttributionFromSpeakerThroughRelaysToPublisher()
    {
        var editor = await api.Editor();
        var baladi = await Seed.Source(editor, "Baladi News");
        // Tasnim is made first, so a via of [Nahrain Net, Tasnim] is not in id order.
        var tasnim = await Seed.Source(editor, "Tasnim");
        var nahrain = await Seed.Source(editor, "Nahrain Net");
        var diplomats = await Seed.Source(editor, "مصادر أوروبية دبلوماسية", kind: "anonymous");
        var article = await Seed.Article(editor, baladi.Id(), Baladi.Body);
        var subject = Unique.Subject("soleimani-moscow-visit");

        var response = await editor.PostJson("/v1/claims", new
        {
            text = Baladi.SoleimaniVisit,
            language = "ar",
            speakerId = diplomats.Id(),
            via = new[] { nahrain.Id(), tasnim.Id() },
            stance = "asserts",
            subject,
            claimedAt = "2015-10-20T00:00:00Z",
            articleId = article.Id(),
        });

        var created = await response.AssertJson(HttpStatusCode.Created);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal($"/v1/claims/{created.Id()}", response.Headers.Location?.OriginalString);
        var read = await (await api.Anonymous().GetAsync($"/v1/claims/{created.Id()}")).AssertJson(HttpStatusCode.OK);
        foreach (var claim in new[] { created, read })
        {
            Assert.Equal(Baladi.SoleimaniVisit, claim.GetProperty("text").GetString());
            Assert.Equal("ar", claim.GetProperty("language").GetString());
            Assert.Equal(diplomats.Id(), claim.GetProperty("speakerId").GetInt64());
            Assert.Equal([nahrain.Id(), tasnim.Id()], claim.GetProperty("via").EnumerateArray().Select(v => v.GetInt64()).ToArray());
            Assert.Equal(
                [(diplomats.Id(), "مصادر أوروبية دبلوماسية", "anonymous"), (nahrain.Id(), "Nahrain Net", "outlet"),
                 (tasnim.Id(), "Tasnim", "outlet"), (baladi.Id(), "Baladi News", "outlet")],
                Attribution(claim));
            Assert.Equal("asserts", claim.GetProperty("stance").GetString());
            Assert.Equal(subject, claim.GetProperty("subject").GetString());
            Assert.Equal(article.Id(), claim.GetProperty("articleId").GetInt64());
            Assert.Equal(new DateTimeOffset(2015, 10, 20, 0, 0, 0, TimeSpan.Zero), claim.GetProperty("claimedAt").GetDateTimeOffset());
            Assert.Equal("unrated", claim.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, claim.GetProperty("latestVerdict").ValueKind);
            Assert.Equal(JsonValueKind.Null, claim.GetProperty("quantity").ValueKind);
            Assert.Equal(1, claim.GetProperty("version").GetInt64());
        }
    }

    [Fact]
    public async Task PostingClaimWithQuantityKeepsValueUnitAndDate()
    {
        var editor = await api.Editor();
        var dunford = await Seed.Source(editor, "Joseph Dunford", kind: "person");
        var bloomberg = await Seed.Source(editor, "Bloomberg");

        var response = await editor.PostJson("/v1/claims", new
        {
            text = Baladi.Dunford,
            speakerId = dunford.Id(),
            via = new[] { bloomberg.Id() },
            subject = Unique.Subject("iran-troops-in-syria"),
            quantity = new { value = 2000, unit = "troops", asOf = "2015-10-01" },
        });

        var created = await response.AssertJson(HttpStatusCode.Created);
        var quantity = created.GetProperty("quantity");
        Assert.Equal(2000, quantity.GetProperty("value").GetDouble());
        Assert.Equal("troops", quantity.GetProperty("unit").GetString());
        Assert.Equal("2015-10-01", quantity.GetProperty("asOf").GetString());
        // Without an article the path ends at the last relay.
        Assert.Equal([(dunford.Id(), "Joseph Dunford", "person"), (bloomberg.Id(), "Bloomberg", "outlet")], Attribution(created));
    }

    [Fact]
    public async Task PostingClaimWithoutStanceAssertsAndIsUnrated()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Bloomberg");

        var created = await (await editor.PostJson("/v1/claims", new { text = Baladi.BloombergReport, speakerId = speaker.Id() }))
            .AssertJson(HttpStatusCode.Created);

        Assert.Equal("asserts", created.GetProperty("stance").GetString());
        Assert.Equal("unrated", created.GetProperty("status").GetString());
        Assert.Empty(created.GetProperty("via").EnumerateArray());
        Assert.Equal([(speaker.Id(), "Bloomberg", "outlet")], Attribution(created));
    }

    [Fact]
    public async Task PostingClaimWhoseLastRelayPublishedTheArticleNamesThePublisherOnce()
    {
        var editor = await api.Editor();
        var tasnim = await Seed.Source(editor, "Tasnim");
        var nahrain = await Seed.Source(editor, "Nahrain Net");
        var article = await Seed.Article(editor, tasnim.Id(), Baladi.SoleimaniVisit);

        var created = await Seed.Claim(editor, nahrain.Id(), Baladi.SoleimaniVisit, via: [tasnim.Id()], articleId: article.Id());

        Assert.Equal([(nahrain.Id(), "Nahrain Net", "outlet"), (tasnim.Id(), "Tasnim", "outlet")], Attribution(created));
    }

    [Fact]
    public async Task PostingClaimWithoutTextAndSpeakerNamesBoth()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/claims", new { stance = "denies", subject = Unique.Subject() });

        await response.AssertValidationProblem("text", "speakerId");
    }

    [Fact]
    public async Task PostingClaimWithUnknownSpeakerReturnsProblem()
    {
        var editor = await api.Editor();

        var response = await editor.PostJson("/v1/claims", new { text = Baladi.Denial, speakerId = 987_654_321 });

        await response.AssertValidationProblem("speakerId");
    }

    [Fact]
    public async Task PostingClaimWithUnknownRelayNamesItsPosition()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Nahrain Net");
        var tasnim = await Seed.Source(editor, "Tasnim");

        var response = await editor.PostJson("/v1/claims", new
        {
            text = Baladi.SoleimaniVisit,
            speakerId = speaker.Id(),
            via = new[] { tasnim.Id(), 987_654_321 },
        });

        await response.AssertValidationProblem("via[1]");
    }

    [Fact]
    public async Task PostingClaimRelayedThroughItsOwnSpeakerReturnsProblem()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Nahrain Net");
        var tasnim = await Seed.Source(editor, "Tasnim");

        var response = await editor.PostJson("/v1/claims", new
        {
            text = Baladi.SoleimaniVisit,
            speakerId = speaker.Id(),
            via = new[] { tasnim.Id(), speaker.Id() },
        });

        await response.AssertValidationProblem("via");
    }

    [Fact]
    public async Task PostingClaimRelayedTwiceThroughOneSourceReturnsProblem()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "مصادر أوروبية دبلوماسية", kind: "anonymous");
        var tasnim = await Seed.Source(editor, "Tasnim");

        var response = await editor.PostJson("/v1/claims", new
        {
            text = Baladi.SoleimaniVisit,
            speakerId = speaker.Id(),
            via = new[] { tasnim.Id(), tasnim.Id() },
        });

        await response.AssertValidationProblem("via");
    }

    [Fact]
    public async Task PostingClaimInUnknownArticleReturnsProblem()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "ISNA");

        var response = await editor.PostJson("/v1/claims", new { text = Baladi.IsnaQuote, speakerId = speaker.Id(), articleId = 987_654_321 });

        await response.AssertValidationProblem("articleId");
    }

    [Fact]
    public async Task PostingClaimWithUnknownStanceReturnsProblem()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "ISNA");

        var response = await editor.PostJson("/v1/claims", new { text = Baladi.Denial, speakerId = speaker.Id(), stance = "maybe" });

        await response.AssertValidationProblem("stance");
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("1e400")]
    public async Task PostingClaimWithNonFiniteQuantityReturnsProblem(string value)
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Joseph Dunford", kind: "person");
        var json = $$$"""{"text": {{{JsonSerializer.Serialize(Baladi.Dunford)}}}, "speakerId": {{{speaker.Id()}}}, "quantity": {"value": {{{value}}}, "unit": "troops"}}""";

        var response = await editor.PostAsync("/v1/claims", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertValidationProblem("quantity.value");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task PostingClaimWithBlankQuantityUnitReturnsProblem(string unit)
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Joseph Dunford", kind: "person");

        var response = await editor.PostJson("/v1/claims", new
        {
            text = Baladi.Dunford,
            speakerId = speaker.Id(),
            quantity = new { value = 2000, unit },
        });

        await response.AssertValidationProblem("quantity.unit");
    }

    [Fact]
    public async Task GettingUnknownClaimReturnsNotFoundProblem()
    {
        var response = await api.Anonymous().GetAsync("/v1/claims/987654321");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListingClaimsBySubjectReturnsOnlyThatSubject()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Bloomberg");
        var subject = Unique.Subject("iran-troops-in-syria");
        var first = await Seed.Claim(editor, speaker.Id(), Baladi.BloombergReport, subject);
        await Seed.Claim(editor, speaker.Id(), Baladi.BloombergReport, Unique.Subject("iran-troops-in-syria"));
        await Seed.Claim(editor, speaker.Id(), Baladi.BloombergReport);
        var second = await Seed.Claim(editor, speaker.Id(), Baladi.Dunford, subject);

        var page = await List($"/v1/claims?subject={subject}");

        Assert.Equal([first.Id(), second.Id()], Ids(page));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task ListingClaimsBySourceFindsItAsSpeakerAndAsRelay()
    {
        var editor = await api.Editor();
        var tasnim = await Seed.Source(editor, "Tasnim");
        var nahrain = await Seed.Source(editor, "Nahrain Net");
        var diplomats = await Seed.Source(editor, "مصادر أوروبية دبلوماسية", kind: "anonymous");
        var bloomberg = await Seed.Source(editor, "Bloomberg");
        var spoken = await Seed.Claim(editor, tasnim.Id(), Baladi.SoleimaniVisit);
        var relayedFirst = await Seed.Claim(editor, diplomats.Id(), Baladi.SoleimaniVisit, via: [tasnim.Id(), nahrain.Id()]);
        var relayedLast = await Seed.Claim(editor, diplomats.Id(), Baladi.SoleimaniVisit, via: [nahrain.Id(), tasnim.Id()]);
        await Seed.Claim(editor, diplomats.Id(), Baladi.SoleimaniVisit, via: [nahrain.Id()]);
        await Seed.Claim(editor, bloomberg.Id(), Baladi.BloombergReport);

        var page = await List($"/v1/claims?sourceId={tasnim.Id()}");

        Assert.Equal([spoken.Id(), relayedFirst.Id(), relayedLast.Id()], Ids(page));
    }

    [Fact]
    public async Task ListingClaimsByStatusSeparatesUnratedFromRated()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Bloomberg");
        var subject = Unique.Subject("iran-troops-in-syria");
        var rated = await Seed.Claim(editor, speaker.Id(), Baladi.BloombergReport, subject);
        var unrated = await Seed.Claim(editor, speaker.Id(), Baladi.Dunford, subject);
        await (await editor.PostJson($"/v1/claims/{rated.Id()}/verdicts", new { rating = "mostly-false", reviewer = "Misbar" }))
            .AssertJson(HttpStatusCode.Created);

        var unratedPage = await List($"/v1/claims?subject={subject}&status=unrated");
        var mostlyFalsePage = await List($"/v1/claims?subject={subject}&status=mostly-false");
        var truePage = await List($"/v1/claims?subject={subject}&status=true");

        Assert.Equal([unrated.Id()], Ids(unratedPage));
        Assert.Equal([rated.Id()], Ids(mostlyFalsePage));
        Assert.Empty(Ids(truePage));
    }

    [Fact]
    public async Task ListingClaimsWithUnknownStatusReturnsProblem()
    {
        var response = await api.Anonymous().GetAsync("/v1/claims?status=bogus");

        await response.AssertValidationProblem("status");
    }

    [Theory]
    [InlineData("ايران")]     // text: إيران
    [InlineData("الإِرْهَاب")] // text: الإرهاب, here with tashkeel
    [InlineData("السوري")]    // a plain word, as written
    public async Task SearchingClaimsMatchesArabicWhateverItsHamzaAndTashkeel(string q)
    {
        var editor = await api.Editor();
        var isna = await Seed.Source(editor, "ISNA");
        var subject = Unique.Subject("iran-russia-rift");
        var matching = await Seed.Claim(editor, isna.Id(), Baladi.IsnaQuote, subject);
        await Seed.Claim(editor, isna.Id(), Baladi.PutinWelcome, subject);

        var page = await List($"/v1/claims?subject={subject}&q={Uri.EscapeDataString(q)}");

        Assert.Equal([matching.Id()], Ids(page));
    }

    [Fact]
    public async Task ListingClaimsPagesThroughAllOfThemWithNextCursor()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Bloomberg");
        var subject = Unique.Subject("iran-troops-in-syria");
        var created = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Seed.Claim(editor, speaker.Id(), Baladi.BloombergReport, subject)).Id());
        }

        var seen = new List<long>();
        var pages = new List<int>();
        string? cursor = null;
        do
        {
            var page = await List($"/v1/claims?subject={subject}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(Ids(page));
            pages.Add(page.GetProperty("items").GetArrayLength());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task PatchingClaimTextBumpsVersionAndSearchFindsOnlyTheNewText()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Bloomberg");
        var subject = Unique.Subject("iran-troops-in-syria");
        var oldWord = Unique.ArabicWord();
        var newWord = Unique.ArabicWord();
        var claim = await Seed.Claim(editor, speaker.Id(), $"{Baladi.BloombergReport} {oldWord}", subject);

        var response = await editor.PatchJson($"/v1/claims/{claim.Id()}", new { text = $"{Baladi.Dunford} {newWord}" }, "\"1\"");

        var patched = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(2, patched.GetProperty("version").GetInt64());
        Assert.Equal($"{Baladi.Dunford} {newWord}", patched.GetProperty("text").GetString());
        // Fields left out keep their value.
        Assert.Equal(subject, patched.GetProperty("subject").GetString());
        Assert.Equal(speaker.Id(), patched.GetProperty("speakerId").GetInt64());
        Assert.Empty(Ids(await List($"/v1/claims?q={Uri.EscapeDataString(oldWord)}")));
        Assert.Equal([claim.Id()], Ids(await List($"/v1/claims?q={Uri.EscapeDataString(newWord)}")));
        var read = await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}");
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task PatchingClaimViaReplacesTheWholePath()
    {
        var editor = await api.Editor();
        var baladi = await Seed.Source(editor, "Baladi News");
        var diplomats = await Seed.Source(editor, "مصادر أوروبية دبلوماسية", kind: "anonymous");
        var tasnim = await Seed.Source(editor, "Tasnim");
        var nahrain = await Seed.Source(editor, "Nahrain Net");
        var isna = await Seed.Source(editor, "ISNA");
        var article = await Seed.Article(editor, baladi.Id(), Baladi.Body);
        var claim = await Seed.Claim(editor, diplomats.Id(), Baladi.SoleimaniVisit, via: [tasnim.Id()], articleId: article.Id());

        var response = await editor.PatchJson($"/v1/claims/{claim.Id()}", new { via = new[] { isna.Id(), nahrain.Id() } });

        var patched = await response.AssertJson(HttpStatusCode.OK);
        Assert.Equal([isna.Id(), nahrain.Id()], patched.GetProperty("via").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        Assert.Equal(
            [diplomats.Id(), isna.Id(), nahrain.Id(), baladi.Id()],
            Attribution(patched).Select(hop => hop.Id).ToArray());
        Assert.Equal(2, patched.GetProperty("version").GetInt64());
        var read = await (await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal([isna.Id(), nahrain.Id()], read.GetProperty("via").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        Assert.Empty(Ids(await List($"/v1/claims?sourceId={tasnim.Id()}")));
    }

    [Fact]
    public async Task PatchingClaimViaToNameItsSpeakerReturnsProblem()
    {
        var editor = await api.Editor();
        var nahrain = await Seed.Source(editor, "Nahrain Net");
        var tasnim = await Seed.Source(editor, "Tasnim");
        var claim = await Seed.Claim(editor, nahrain.Id(), Baladi.SoleimaniVisit, via: [tasnim.Id()]);

        var response = await editor.PatchJson($"/v1/claims/{claim.Id()}", new { via = new[] { tasnim.Id(), nahrain.Id() } });

        await response.AssertValidationProblem("via");
        var read = await (await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal([tasnim.Id()], read.GetProperty("via").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        Assert.Equal(1, read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task PatchingClaimSpeakerToOneOfItsRelaysReturnsProblem()
    {
        var editor = await api.Editor();
        var nahrain = await Seed.Source(editor, "Nahrain Net");
        var tasnim = await Seed.Source(editor, "Tasnim");
        var claim = await Seed.Claim(editor, nahrain.Id(), Baladi.SoleimaniVisit, via: [tasnim.Id()]);

        var response = await editor.PatchJson($"/v1/claims/{claim.Id()}", new { speakerId = tasnim.Id() });

        await response.AssertValidationProblem("speakerId");
        var read = await (await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(nahrain.Id(), read.GetProperty("speakerId").GetInt64());
    }

    [Fact]
    public async Task PatchingClaimWithStaleETagReturnsPreconditionFailedAndChangesNothing()
    {
        var editor = await api.Editor();
        var speaker = await Seed.Source(editor, "Bloomberg");
        var claim = await Seed.Claim(editor, speaker.Id(), Baladi.BloombergReport);
        await (await editor.PatchJson($"/v1/claims/{claim.Id()}", new { stance = "denies" }, "\"1\"")).AssertJson(HttpStatusCode.OK);

        var response = await editor.PatchJson($"/v1/claims/{claim.Id()}", new { text = Baladi.Dunford }, "\"1\"");

        await response.AssertProblem(HttpStatusCode.PreconditionFailed);
        var read = await (await api.Anonymous().GetAsync($"/v1/claims/{claim.Id()}")).AssertJson(HttpStatusCode.OK);
        Assert.Equal(Baladi.BloombergReport, read.GetProperty("text").GetString());
        Assert.Equal("denies", read.GetProperty("stance").GetString());
        Assert.Equal(2, read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task PatchingUnknownClaimReturnsNotFoundProblem()
    {
        var editor = await api.Editor();

        var response = await editor.PatchJson("/v1/claims/987654321", new { text = Baladi.Denial });

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    private static (long Id, string Name, string Kind)[] Attribution(JsonElement claim) =>
    [
        .. claim.GetProperty("attribution").EnumerateArray().Select(hop =>
            (hop.Id(), hop.GetProperty("name").GetString()!, hop.GetProperty("kind").GetString()!)),
    ];

    private async Task<JsonElement> List(string url) =>
        await (await api.Anonymous().GetAsync(url)).AssertJson(HttpStatusCode.OK);

    private static long[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.Id())];
}
