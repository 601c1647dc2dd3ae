using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using Microsoft.AspNetCore.Mvc;

namespace CredibilityApi.Articles;

[JsonConverter(typeof(StrictEnumConverter<CitationRole>))]
public enum CitationRole
{
    [JsonStringEnumMemberName("quotes")] Quotes,
    [JsonStringEnumMemberName("reports")] Reports,
    [JsonStringEnumMemberName("mentions")] Mentions,
}

public sealed record CitationInput(
    [property: Description("The cited source.")] long? SourceId,
    [property: Description("quotes, reports or mentions (default mentions).")] CitationRole? Role = null,
    [property: Description("Start of the mention in the body, in UTF-16 code units.")] int? Start = null,
    [property: Description("End of the mention in the body (exclusive).")] int? End = null,
    [property: Description("The alias of the source found at that span.")] string? MatchedAlias = null);

public sealed record CreateArticleRequest(
    [property: Description("The page's address; unique once normalised (scheme and host case, default port, fragment and trailing slash ignored).")] string Url,
    string Title,
    [property: Description("BCP 47 language tag, e.g. 'ar'.")] string? Language = null,
    DateTimeOffset? PublishedAt = null,
    [property: Description("The outlet that published the page.")] long? PublisherId = null,
    string? Author = null,
    string? Body = null,
    IReadOnlyList<CitationInput>? Citations = null) : IReferencing
{
    public IEnumerable<Reference> References()
    {
        if (PublisherId is { } publisher)
        {
            yield return new Reference("PublisherId", ReferenceKind.Source, publisher);
        }
        for (var i = 0; i < (Citations?.Count ?? 0); i++)
        {
            if (Citations![i]?.SourceId is { } source)
            {
                yield return new Reference($"Citations[{i}].SourceId", ReferenceKind.Source, source);
            }
        }
    }
}

public sealed record CitationResponse(
    long SourceId,
    string SourceName,
    CitationRole Role,
    int? Start,
    int? End,
    string? MatchedAlias);

/// <summary>A claim as its article lists it.</summary>
public sealed record ArticleClaim(long Id, string Text, long SpeakerId, string? Subject);

public sealed record ArticleResponse(
    long Id,
    string Url,
    string Title,
    string? Language,
    DateTimeOffset? PublishedAt,
    long? PublisherId,
    SourceRef? Publisher,
    string? Author,
    string? Body,
    IReadOnlyList<CitationResponse> Citations,
    IReadOnlyList<ArticleClaim> Claims,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    [property: Description(SearchDescriptions.Snippet)] string? Snippet = null);

public sealed class ArticleListQuery : PageQuery
{
    [Description("Only articles published by this source.")]
    [FromQuery(Name = "publisherId")]
    public long? PublisherId { get; init; }

    [Description("Full-text search over title and body (a title match weighs double): " + SearchDescriptions.Q)]
    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    [Description("Only articles published at or after this time (ISO 8601).")]
    [FromQuery(Name = "from")]
    public DateTimeOffset? From { get; init; }

    [Description("Only articles published before this time (ISO 8601).")]
    [FromQuery(Name = "to")]
    public DateTimeOffset? To { get; init; }
}

/// <summary>A known source a page names, at its first mention in the body.</summary>
public sealed record DetectedCitation(
    long SourceId,
    string SourceName,
    [property: Description("Start of the first mention in the body, in UTF-16 code units; attached prefixes (و ب ل ف) are not part of it.")] int Start,
    [property: Description("End of that mention in the body (exclusive).")] int End,
    [property: Description("The source's name or alias that matched there, as stored (the body may spell it with diacritics or tatweel).")] string MatchedAlias);

/// <summary>What a scraped page holds, as the import reads it.</summary>
public sealed record ArticleAnalysis(
    [property: Description("The headline, without the site's name that follows ' - ' on the title line.")] string Title,
    [property: Description("The known source whose name or alias is the page's publisher name; null when none is.")] SourceRef? Publisher,
    [property: Description("The publisher as the page names it: from the byline, else the site's name on the title line.")] string? PublisherName,
    [property: Description("True when the page names a publisher that no known source matches; no source is created for it.")] bool UnknownPublisher,
    [property: Description("The author from the byline.")] string? Author,
    [property: Description("'ar' or 'en' from the body's script and words; null when neither fits.")] string? Language,
    [property: Description("The article's text: after the byline, before the related-articles list and trailing separators.")] string Body,
    [property: Description("Every known source the body names, once each, in order of first mention.")] IReadOnlyList<DetectedCitation> Citations);

public sealed class ArticleImportQuery
{
    /// <summary>A scraped page is text; a megabyte is far more than any article.</summary>
    public const int MaxPageBytes = 1_048_576;

    [Description("true: answer the analysis (200) and store nothing, after the same validation as the real import (the same 400 or 409). Default false: store the article with its citations (201).")]
    [FromQuery(Name = "dryRun")]
    public bool? DryRun { get; init; }

    [Description("The page's address, required unless dryRun: the scraped text carries none. Unique once normalised (409 when already recorded).")]
    [FromQuery(Name = "url")]
    public string? Url { get; init; }
}
