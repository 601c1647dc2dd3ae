using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Text;
using CredibilityApi.Verdicts;
using Microsoft.AspNetCore.Mvc;

namespace CredibilityApi.Claims;

[JsonConverter(typeof(StrictEnumConverter<Stance>))]
public enum Stance
{
    [JsonStringEnumMemberName("asserts")] Asserts,
    [JsonStringEnumMemberName("denies")] Denies,
}

/// <summary>The rating of a claim's latest verdict, or <c>unrated</c>.</summary>
[JsonConverter(typeof(StrictEnumConverter<ClaimStatus>))]
public enum ClaimStatus
{
    [JsonStringEnumMemberName("unrated")] Unrated,
    [JsonStringEnumMemberName("true")] True,
    [JsonStringEnumMemberName("mostly-true")] MostlyTrue,
    [JsonStringEnumMemberName("mixed")] Mixed,
    [JsonStringEnumMemberName("mostly-false")] MostlyFalse,
    [JsonStringEnumMemberName("false")] False,
    [JsonStringEnumMemberName("unverifiable")] Unverifiable,
}

/// <summary>A number a claim states: "2,000 troops as of October 2015".</summary>
public sealed record Quantity(
    [property: Description("The number stated, finite and between -1e15 and 1e15.")] double Value,
    [property: Description("What is counted or measured, e.g. 'troops', 'people', 'usd'.")] string Unit,
    [property: Description("The date the value refers to.")] DateOnly? AsOf = null);

public sealed record CreateClaimRequest(
    [property: Description("The statement as the article gives it, in its own language.")] string Text,
    [property: Description("The origin of the claim: who said it first.")] long? SpeakerId,
    [property: Description("asserts (default) or denies.")] Stance? Stance = null,
    [property: Description("BCP 47 language tag of the text.")] string? Language = null,
    [property: Description("A free key grouping claims about the same thing, e.g. 'iran-troops-in-syria'.")] string? Subject = null,
    [property: Description("The relays between speaker and publisher, origin side first.")] IReadOnlyList<long>? Via = null,
    Quantity? Quantity = null,
    [property: Description("When the speaker made the claim.")] DateTimeOffset? ClaimedAt = null,
    [property: Description("The article the claim appears in.")] long? ArticleId = null,
    [property: Description(ClaimRules.ValueDescription)] string? Value = null,
    [property: Description("Up to 5 short tags, e.g. [\"troop numbers\", \"diplomacy\"]: " + ClaimTopics.Rule + " A source's score on a topic: GET /v1/sources/{id}/credibility?topic=.")] IReadOnlyList<string>? Topics = null) : IReferencing
{
    public IEnumerable<Reference> References() => ClaimReferences.Of(SpeakerId, ArticleId, Via);
}

/// <summary>A partial update: fields left out keep their value; via, when given, replaces the path; an empty subject, language or value clears it; topics, when given, replace the list ([] clears it).</summary>
public sealed record UpdateClaimRequest(
    string? Text = null,
    long? SpeakerId = null,
    Stance? Stance = null,
    string? Language = null,
    string? Subject = null,
    IReadOnlyList<long>? Via = null,
    Quantity? Quantity = null,
    DateTimeOffset? ClaimedAt = null,
    long? ArticleId = null,
    [property: Description(ClaimRules.ValueDescription + " An empty string clears it.")] string? Value = null,
    [property: Description("When given, replaces the claim's topics ([] clears them). " + ClaimTopics.Rule)] IReadOnlyList<string>? Topics = null) : IReferencing
{
    public IEnumerable<Reference> References() => ClaimReferences.Of(SpeakerId, ArticleId, Via);
}

/// <summary>The rows a claim names: its speaker, its article and its relays.</summary>
internal static class ClaimReferences
{
    public static IEnumerable<Reference> Of(long? speakerId, long? articleId, IReadOnlyList<long>? via)
    {
        if (speakerId is { } speaker)
        {
            yield return new Reference("SpeakerId", ReferenceKind.Source, speaker);
        }
        if (articleId is { } article)
        {
            yield return new Reference("ArticleId", ReferenceKind.Article, article);
        }
        for (var i = 0; i < (via?.Count ?? 0); i++)
        {
            yield return new Reference($"Via[{i}]", ReferenceKind.Source, via![i]);
        }
    }
}

public sealed record ClaimResponse(
    long Id,
    string Text,
    string? Language,
    string? Subject,
    Stance Stance,
    long SpeakerId,
    IReadOnlyList<long> Via,
    [property: Description("speaker → via… → the article's publisher.")] IReadOnlyList<SourceRef> Attribution,
    Quantity? Quantity,
    DateTimeOffset? ClaimedAt,
    long? ArticleId,
    ClaimStatus Status,
    VerdictSummary? LatestVerdict,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    [property: Description("The claim's topics as stored (folded, e.g. 'troop-numbers'), in its order.")] IReadOnlyList<string> Topics,
    [property: Description(SearchDescriptions.Snippet)] string? Snippet = null,
    [property: Description("The truth-discovery belief in [0, 1] for claims without a verdict, on reads (GET /v1/claims/{id}, lists and search); null for claims with a verdict, in write answers and until computed.")] double? Belief = null,
    [property: Description("On reads: the moment the beliefs are as of (every write acknowledged before it is reflected; a read never waits for beliefs, so a write may take a moment to show); null in write answers and before the first computation after start-up.")] DateTimeOffset? BeliefsComputedAt = null,
    [property: Description(ClaimRules.ValueDescription)] string? Value = null);

public sealed class ClaimListQuery : PageQuery
{
    [Description("Only claims on this subject.")]
    [FromQuery(Name = "subject")]
    public string? Subject { get; init; }

    [Description("Only claims whose speaker or a relay is this source.")]
    [FromQuery(Name = "sourceId")]
    public long? SourceId { get; init; }

    [Description("unrated, or the rating of the latest verdict: true, mostly-true, mixed, mostly-false, false, unverifiable.")]
    [FromQuery(Name = "status")]
    public string? Status { get; init; }

    [Description("Only claims carrying this topic (folded as topics are stored: 'Troop numbers' finds 'troop-numbers').")]
    [FromQuery(Name = "topic")]
    public string? Topic { get; init; }

    [Description("Full-text search over the claim's text: " + SearchDescriptions.Q)]
    [FromQuery(Name = "q")]
    public string? Q { get; init; }
}
