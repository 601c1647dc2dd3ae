using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CredibilityApi.Articles;
using CredibilityApi.Claims;
using CredibilityApi.Http;
using CredibilityApi.Verdicts;

namespace CredibilityApi.ClaimReviews;

/// <summary>
/// Reads ClaimReview JSON-LD as fact-checkers publish it: one ClaimReview, an array of them, or a schema.org
/// DataFeed whose dataFeedElement items are ClaimReviews or DataFeedItems holding them in item (one or an
/// array). JSON-LD carries vocabulary this service does not model (@context, @id, sameAs, image, ...), so
/// unlike every other body it is not bound by the strict serializer: only the properties read here are
/// looked at and the rest is read past. Those properties are held to the rules the other writes follow —
/// types, required, lengths, plain text, http URLs — and every failure is reported under its JSON path
/// (<c>[0].claimReviewed</c>, <c>dataFeedElement[1].item[0].reviewRating.ratingValue</c>).
/// </summary>
public sealed class ClaimReviewReader
{
    public const int MaxReviews = 1_000;
    public const int MaxAppearances = 50;
    public const int MaxLabelLength = 200;
    public const int MaxHeadlineLength = 1_000;

    /// <summary>
    /// Keywords become a claim's topics (at most five); an array is refused past this many items before any is read,
    /// and a comma-separated string past this length (five topics of 50 characters and their commas fit well inside).
    /// </summary>
    public const int MaxKeywords = 50;
    public const int MaxKeywordsLength = 2_000;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 32,
        // A property given twice would leave which one counts to the parser.
        AllowDuplicateProperties = false,
    };

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    private readonly List<ReviewDraft> reviews = [];
    private int seen;

    /// <summary>The reviews of a body, or the validation errors keyed by JSON path when any part of it is invalid.</summary>
    public static ClaimReviewDocument Read(ReadOnlyMemory<byte> body)
    {
        var reader = new ClaimReviewReader();
        if (body.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }
        // The parser checks UTF-8 only where it looks; string values are transcoded later, so check it all first.
        if (!Utf8.IsValid(body.Span))
        {
            reader.Fail("body", "must be UTF-8 text.");
        }
        else if (JsonText.HasHalfSurrogate(body.Span, Options.MaxDepth))
        {
            reader.Fail("body", "is not valid JSON: a name or string escapes half a surrogate pair.");
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(body, Options);
                reader.ReadRoot(document.RootElement);
            }
            catch (JsonException)
            {
                reader.Fail("body", "is not valid JSON (or nests deeper than 32 levels, or repeats a property).");
            }
        }
        return reader.errors.Count > 0
            ? new ClaimReviewDocument([], reader.errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal))
            : new ClaimReviewDocument(reader.reviews, null);
    }

    private void ReadRoot(JsonElement root)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in root.EnumerateArray())
                {
                    ReadReview(element, $"[{index++}]");
                }
                break;
            case JsonValueKind.Object when HasType(root, "DataFeed") || root.TryGetProperty("dataFeedElement", out _):
                ReadFeed(root);
                break;
            case JsonValueKind.Object:
                ReadReview(root, "");
                break;
            default:
                Fail("body", "must be a ClaimReview object, an array of them, or a schema.org DataFeed.");
                return;
        }
        if (seen == 0 && errors.Count == 0)
        {
            Fail("body", "holds no ClaimReview.");
        }
    }

    private void ReadFeed(JsonElement feed)
    {
        if (!feed.TryGetProperty("dataFeedElement", out var elements)
            || elements.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            Fail("dataFeedElement", "is required: an array of ClaimReviews or of DataFeedItems holding them in item.");
            return;
        }
        // schema.org lets a feed with one element give it without the array.
        IEnumerable<(JsonElement Element, string Path)> items = elements.ValueKind == JsonValueKind.Object
            ? [(elements, "dataFeedElement")]
            : elements.EnumerateArray().Select((e, i) => (e, $"dataFeedElement[{i}]"));
        foreach (var (element, path) in items)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("item", out var item))
            {
                ReadReview(element, path);
                continue;
            }
            switch (item.ValueKind)
            {
                case JsonValueKind.Object:
                    ReadReview(item, $"{path}.item");
                    break;
                case JsonValueKind.Array:
                    var at = 0;
                    foreach (var review in item.EnumerateArray())
                    {
                        ReadReview(review, $"{path}.item[{at++}]");
                    }
                    break;
                default:
                    Fail($"{path}.item", "must be a ClaimReview or an array of them.");
                    break;
            }
        }
    }

    private void ReadReview(JsonElement review, string path)
    {
        if (++seen > MaxReviews)
        {
            if (seen == MaxReviews + 1)
            {
                Fail("body", $"holds more than {MaxReviews} reviews; send them in several requests.");
            }
            return;
        }
        if (review.ValueKind != JsonValueKind.Object)
        {
            Fail(path.Length == 0 ? "body" : path, "must be a ClaimReview object.");
            return;
        }
        var before = errors.Count;
        if (Types(review, path, required: true) is { } types && !types.Contains("ClaimReview", StringComparer.Ordinal))
        {
            Fail(At(path, "@type"), "must be ClaimReview.");
        }
        var url = Url(review, path, "url", required: true);
        var text = Text(review, path, "claimReviewed", ClaimRules.MaxTextLength, required: true, TextKind.Prose);
        var reviewedAt = Date(review, path, "datePublished");
        var reviewer = ReadParty(review, path, "author", required: true);
        var rating = ReadRating(review, path);
        var claimPath = At(path, "itemReviewed");
        if (TryGet(review, "value", out _))
        {
            // schema.org's ClaimReview has no value; the answer is the claim's, so it is read where the claim is.
            Fail(At(path, "value"), "belongs on itemReviewed: the value is the answer the claim gives (itemReviewed.value).");
        }
        var keywords = Keywords(review, path);
        Party? speaker = null;
        DateTimeOffset? claimedAt = null;
        string? value = null;
        var appearances = new List<Appearance>();
        if (Member(review, path, "itemReviewed", required: true) is { } claim)
        {
            Types(claim, claimPath, required: false);
            speaker = ReadParty(claim, claimPath, "author", required: true);
            claimedAt = Date(claim, claimPath, "datePublished");
            value = Text(claim, claimPath, "value", ClaimRules.MaxValueLength, required: false, TextKind.Prose);
            if (Keywords(claim, claimPath) is { Count: > 0 } claimKeywords)
            {
                keywords = keywords.Count == 0 ? claimKeywords : [.. keywords, .. claimKeywords];
            }
            if (Member(claim, claimPath, "firstAppearance", required: false) is { } first
                && Work(first, At(claimPath, "firstAppearance")) is { } firstWork)
            {
                appearances.Add(firstWork);
            }
            var listed = Works(claim, claimPath, "appearance");
            // Without a firstAppearance the earliest dated appearance is the claim's article; undated ones keep their order.
            appearances.AddRange(appearances.Count > 0 ? listed : listed.OrderBy(a => a.PublishedAt ?? DateTimeOffset.MaxValue));
        }
        var topics = ClaimTopics.Normalize(keywords.Select(k => k.Keyword));
        if (errors.Count == before && topics.Count > ClaimTopics.MaxTopics)
        {
            // Both places count together: a claim keeps at most five topics, and none is dropped to fit.
            foreach (var field in keywords.Select(k => Container(k.Field)).Distinct())
            {
                Fail(field, $"must hold at most {ClaimTopics.MaxTopics} distinct keywords (with those of the review and of " +
                    $"itemReviewed together): they become the claim's topics; {topics.Count} were given.");
            }
        }
        if (errors.Count > before)
        {
            return;
        }
        reviews.Add(new ReviewDraft(
            url!, text!, reviewedAt, reviewer!, rating!.Value.Rating, rating.Value.Label, speaker!, claimedAt,
            [.. appearances.DistinctBy(a => ArticleStore.UrlKey(a.Url))],
            value, topics, path, keywords.Count > 0 ? Container(keywords[0].Field) : At(path, "keywords")));
    }

    /// <summary>
    /// schema.org keywords: one string of comma-separated keywords (blank pieces between commas are read past), or an
    /// array whose items are keywords or DefinedTerms with a name. Each is held to the rule of a claim's topics
    /// (<see cref="ClaimTopics"/>); the field named in a failure is the string or the array item.
    /// </summary>
    private List<(string Keyword, string Field)> Keywords(JsonElement parent, string path)
    {
        var field = At(path, "keywords");
        if (!TryGet(parent, "keywords", out var value))
        {
            return [];
        }
        var found = new List<(string Keyword, string Field)>();
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length > MaxKeywordsLength)
                {
                    Fail(field, $"must be at most {MaxKeywordsLength} characters long.");
                    return [];
                }
                var pieces = text.Split([',', '،'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < pieces.Length; i++)
                {
                    if (ClaimTopics.Problem(pieces[i]) is { } problem)
                    {
                        Fail(field, $"keyword {i + 1} ('{Cut(pieces[i])}') {problem}");
                    }
                    else
                    {
                        found.Add((pieces[i], field));
                    }
                }
                return found;
            case JsonValueKind.Array when value.GetArrayLength() > MaxKeywords:
                Fail(field, $"must hold at most {ClaimTopics.MaxTopics} keywords: they become the claim's topics.");
                return [];
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var at = $"{field}[{index++}]";
                    var keyword = item.ValueKind switch
                    {
                        JsonValueKind.String => item.GetString(),
                        JsonValueKind.Object when item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String => name.GetString(),
                        _ => null,
                    };
                    if (keyword is null)
                    {
                        Fail(at, "must be a keyword (a string) or a DefinedTerm with a name.");
                    }
                    else if (ClaimTopics.Problem(keyword) is { } problem)
                    {
                        Fail(at, problem);
                    }
                    else
                    {
                        found.Add((keyword, at));
                    }
                }
                return found;
            default:
                Fail(field, "must be a string of comma-separated keywords or an array of keywords.");
                return [];
        }
    }

    /// <summary>The keywords field an item's path is in: keywords[2] is in keywords.</summary>
    private static string Container(string field) => field.EndsWith(']') ? field[..field.LastIndexOf('[')] : field;

    private static string Cut(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[59]) ? 59 : 60), "…");

    private (Rating Rating, string? Label)? ReadRating(JsonElement review, string path)
    {
        var field = At(path, "reviewRating");
        if (Member(review, path, "reviewRating", required: true) is not { } rating)
        {
            return null;
        }
        var before = errors.Count;
        Types(rating, field, required: false);
        var label = Text(rating, field, "alternateName", MaxLabelLength, required: false, TextKind.Name);
        var name = Text(rating, field, "name", MaxLabelLength, required: false, TextKind.Name);
        var value = Number(rating, field, "ratingValue");
        var best = Number(rating, field, "bestRating") ?? ClaimReviewRatings.DefaultBest;
        var worst = Number(rating, field, "worstRating") ?? ClaimReviewRatings.DefaultWorst;
        if (errors.Count > before)
        {
            return null;
        }
        if (value is { } v)
        {
            if (best > worst && !double.IsFinite(best - worst))
            {
                Fail(At(field, "bestRating"), "is too far from worstRating for a rating scale.");
                return null;
            }
            if (best <= worst)
            {
                Fail(At(field, "bestRating"), $"must be greater than worstRating ({Show(worst)}).");
                return null;
            }
            if (v < worst || v > best)
            {
                Fail(At(field, "ratingValue"), $"must lie between worstRating ({Show(worst)}) and bestRating ({Show(best)}).");
                return null;
            }
            return (ClaimReviewRatings.FromScale(v, worst, best), label);
        }
        // Without a value, the rating's name in a known scale (our own export writes it), else the reviewer's label.
        if (name is not null && ClaimReviewRatings.FromLabel(name) is { } rated)
        {
            return (rated, label);
        }
        if (label is null)
        {
            Fail(At(field, "ratingValue"), "is required unless name or alternateName holds a known rating label.");
            return null;
        }
        if (ClaimReviewRatings.FromLabel(label) is not { } named)
        {
            Fail(At(field, "alternateName"),
                $"is not a rating label this service knows ({ClaimReviewRatings.Known}); send ratingValue with worstRating and bestRating instead.");
            return null;
        }
        return (named, label);
    }

    private List<Appearance> Works(JsonElement claim, string path, string name)
    {
        var field = At(path, name);
        if (!TryGet(claim, name, out var value))
        {
            return [];
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return Work(value, field) is { } one ? [one] : [];
            case JsonValueKind.Array when value.GetArrayLength() > MaxAppearances:
                Fail(field, $"must hold at most {MaxAppearances} appearances.");
                return [];
            case JsonValueKind.Array:
                var works = new List<Appearance>();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var at = $"{field}[{index++}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        Fail(at, "must be an object (a CreativeWork with a url).");
                    }
                    else if (Work(item, at) is { } work)
                    {
                        works.Add(work);
                    }
                }
                return works;
            default:
                Fail(field, "must be an object or an array of objects (CreativeWorks with a url).");
                return [];
        }
    }

    private Appearance? Work(JsonElement work, string path)
    {
        var before = errors.Count;
        Types(work, path, required: false);
        var url = Url(work, path, "url", required: true);
        var headline = Text(work, path, "headline", MaxHeadlineLength, required: false, TextKind.Prose);
        var publishedAt = Date(work, path, "datePublished");
        var publisher = ReadParty(work, path, "publisher", required: false);
        return errors.Count > before ? null : new Appearance(url!, headline, publishedAt, publisher?.Name);
    }

    private Party? ReadParty(JsonElement parent, string path, string name, bool required)
    {
        var field = At(path, name);
        if (Member(parent, path, name, required) is not { } party)
        {
            return null;
        }
        var types = Types(party, field, required: false);
        var partyName = Text(party, field, "name", ValidationRules.MaxNameLength, required: true, TextKind.Name);
        return partyName is null ? null : new Party(partyName, types?.Contains("Person", StringComparer.Ordinal) == true);
    }

    private JsonElement? Member(JsonElement parent, string path, string name, bool required)
    {
        var field = At(path, name);
        if (!TryGet(parent, name, out var value))
        {
            if (required)
            {
                Fail(field, "is required.");
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(field, "must be an object.");
            return null;
        }
        return value;
    }

    /// <summary>@type: a string or, as JSON-LD allows, an array of strings.</summary>
    private List<string>? Types(JsonElement thing, string path, bool required)
    {
        var field = At(path, "@type");
        if (!TryGet(thing, "@type", out var value))
        {
            if (required)
            {
                Fail(field, "is required.");
            }
            return null;
        }
        IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];
        var types = new List<string>();
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 and <= MaxLabelLength } type
                || TextRules.Find(type, TextKind.Name) is not null)
            {
                Fail(field, $"must be a schema.org type name or an array of them (plain text of at most {MaxLabelLength} characters).");
                return null;
            }
            types.Add(type);
        }
        return types;
    }

    /// <summary>
    /// A string held to the rules of its kind (<see cref="TextRules"/>): prose must show something, a name must
    /// hold a letter or digit. Blank (empty or white space) counts as absent, as publishers often write it.
    /// </summary>
    private string? Text(JsonElement parent, string path, string name, int max, bool required, TextKind kind)
    {
        var field = At(path, name);
        if (!TryGet(parent, name, out var value))
        {
            if (required)
            {
                Fail(field, "is required.");
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(field, "must be a string.");
            return null;
        }
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                Fail(field, "must not be blank.");
            }
            return null;
        }
        if (text.Length > max)
        {
            Fail(field, $"must be at most {max} characters long.");
            return null;
        }
        if (TextRules.Refusal(text, kind) is { } refusal)
        {
            Fail(field, refusal);
            return null;
        }
        if (kind == TextKind.Prose && !TextRules.Shows(text))
        {
            Fail(field, TextRules.BlankMessage);
            return null;
        }
        if (kind == TextKind.Name && !TextRules.HasLetterOrDigit(text))
        {
            Fail(field, TextRules.NoLetterMessage);
            return null;
        }
        return text.Trim();
    }

    private string? Url(JsonElement parent, string path, string name, bool required)
    {
        var url = Text(parent, path, name, ValidationRules.MaxUrlLength, required, TextKind.Url);
        if (url is not null && !ValidationRules.IsHttpUrl(url))
        {
            Fail(At(path, name), ValidationRules.UrlMessage(url));
            return null;
        }
        return url;
    }

    /// <summary>An ISO 8601 date (midnight UTC) or date-time, held to the rule every date the API stores keeps.</summary>
    private DateTimeOffset? Date(JsonElement parent, string path, string name)
    {
        if (Text(parent, path, name, 64, required: false, TextKind.Name) is not { } text)
        {
            return null;
        }
        var iso = text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-' && text[7] == '-';
        if (!iso || !DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            Fail(At(path, name), "must be an ISO 8601 date or date-time, e.g. 2015-11-03 or 2015-11-03T08:00:00Z.");
            return null;
        }
        if (!ValidationRules.IsAcceptedDate(at))
        {
            Fail(At(path, name), ValidationRules.DateMessage);
            return null;
        }
        return at;
    }

    /// <summary>A number, or a numeric string as many publishers write ratingValue; finite either way.</summary>
    private double? Number(JsonElement parent, string path, string name)
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }
        var number = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var d) => d,
            JsonValueKind.String when double.TryParse(
                value.GetString(), NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign
                    | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) => s,
            _ => double.NaN,
        };
        if (!double.IsFinite(number))
        {
            Fail(At(path, name), "must be a number or a numeric string such as 4 or \"4.5\".");
            return null;
        }
        return number;
    }

    private static bool HasType(JsonElement thing, string type) =>
        thing.TryGetProperty("@type", out var value)
        && (value.ValueKind == JsonValueKind.String
            ? value.ValueEquals(type)
            : value.ValueKind == JsonValueKind.Array && value.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.ValueEquals(type)));

    private static bool TryGet(JsonElement parent, string name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string At(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    private void Fail(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }
        messages.Add(message);
    }
}

/// <summary>A body read: the reviews in document order, or the errors that make it invalid.</summary>
public sealed record ClaimReviewDocument(IReadOnlyList<ReviewDraft> Reviews, Dictionary<string, string[]>? Errors);

/// <summary>
/// One valid ClaimReview, ready to write; appearances hold the claim's own article first; topics are the keywords in
/// their stored forms. Path is the review's JSON path ("" for a lone review) and KeywordsField the field its first
/// keyword came from, for failures only the stored rows reveal.
/// </summary>
public sealed record ReviewDraft(
    string Url,
    string ClaimText,
    DateTimeOffset? ReviewedAt,
    Party Reviewer,
    Rating Rating,
    string? OriginalLabel,
    Party Speaker,
    DateTimeOffset? ClaimedAt,
    IReadOnlyList<Appearance> Appearances,
    string? Value,
    IReadOnlyList<string> Topics,
    string Path,
    string KeywordsField);

/// <summary>A named Person or Organization of a review.</summary>
public sealed record Party(string Name, bool IsPerson);

/// <summary>A page a claim appears in.</summary>
public sealed record Appearance(string Url, string? Headline, DateTimeOffset? PublishedAt, string? Publisher);
