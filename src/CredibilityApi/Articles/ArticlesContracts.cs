using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Http;
using CredibilityApi.Sources;
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
    IReadOnlyList<CitationInput>? Citations = null);

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
    long Version);

public sealed class ArticleListQuery : IPagedQuery
{
    [Description(PagingDescriptions.Limit)]
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    [Description(PagingDescriptions.Cursor)]
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    [Description("Only articles published by this source.")]
    [FromQuery(Name = "publisherId")]
    public long? PublisherId { get; init; }

    [Description("Full-text search over title and body (Arabic-aware folding).")]
    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    [Description("Only articles published at or after this time (ISO 8601).")]
    [FromQuery(Name = "from")]
    public DateTimeOffset? From { get; init; }

    [Description("Only articles published before this time (ISO 8601).")]
    [FromQuery(Name = "to")]
    public DateTimeOffset? To { get; init; }
}
