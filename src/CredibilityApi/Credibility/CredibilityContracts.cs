using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Http;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;
using Microsoft.AspNetCore.Mvc;

namespace CredibilityApi.Credibility;

[JsonConverter(typeof(StrictEnumConverter<CredibilityStatus>))]
public enum CredibilityStatus
{
    [JsonStringEnumMemberName("scored")] Scored,
    [JsonStringEnumMemberName("insufficient-evidence")] InsufficientEvidence,
}

[JsonConverter(typeof(StrictEnumConverter<EvidenceRole>))]
public enum EvidenceRole : byte
{
    [JsonStringEnumMemberName("speaker")] Speaker,
    [JsonStringEnumMemberName("relay")] Relay,
    [JsonStringEnumMemberName("publisher")] Publisher,
}

[JsonConverter(typeof(StrictEnumConverter<HistoryBucket>))]
public enum HistoryBucket
{
    [JsonStringEnumMemberName("month")] Month,
    [JsonStringEnumMemberName("quarter")] Quarter,
    [JsonStringEnumMemberName("year")] Year,
}

[JsonConverter(typeof(StrictEnumConverter<ContributionKind>))]
public enum ContributionKind
{
    [JsonStringEnumMemberName("claim")] Claim,
    [JsonStringEnumMemberName("prior")] Prior,
}

[JsonConverter(typeof(StrictEnumConverter<PriorBasis>))]
public enum PriorBasis
{
    [JsonStringEnumMemberName("affiliation")] Affiliation,
    [JsonStringEnumMemberName("topic")] Topic,
}

[JsonConverter(typeof(StrictEnumConverter<RankingGroupBy>))]
public enum RankingGroupBy
{
    [JsonStringEnumMemberName("affiliation")] Affiliation,
}

/// <summary>Where a score's Beta prior comes from, when it is not the configured Beta(α₀, β₀).</summary>
public sealed record CredibilityPrior(
    [property: Description("affiliation: the affiliation's pooled record; topic: the source's overall score.")] PriorBasis Basis,
    [property: Description("For basis affiliation: the source whose pooled record (its own evidence and its direct members', this source's left out) sets the mean.")] SourceRef? Affiliation,
    [property: Description("For basis topic: the topic, folded.")] string? Topic,
    [property: Description("The prior's mean m: the pooled record's posterior mean under the affiliation's own prior, or the overall score.")] double Mean,
    [property: Description("The prior's strength (α + β): affiliationPriorStrength or topicPriorStrength of the method.")] double Strength,
    [property: Description("α = m · strength.")] double Alpha,
    [property: Description("β = (1 − m) · strength.")] double Beta,
    [property: Description("The evidence weight the mean rests on: the pooled record's, or the source's overall weight.")] double BasisWeight);

/// <summary>How every score was computed: the configuration, echoed so an answer explains itself.</summary>
public sealed record CredibilityMethod(
    [property: Description("α₀ of the Beta prior.")] double PriorAlpha,
    [property: Description("β₀ of the Beta prior.")] double PriorBeta,
    [property: Description("Summed evidence weight below which a source is insufficient-evidence and left out of rankings.")] double MinEvidence,
    [property: Description("Evidence loses half its weight every this many days since its review; null: no decay.")] double? HalfLifeDays,
    [property: Description("Each relay hop's weight as a share of the hop before (the speaker, or the first named relay after an anonymous speaker, weighs 1).")] double RelayDecay,
    [property: Description("The probability mass of the credible interval.")] double IntervalMass,
    [property: Description("What rankings order by: the interval's lower bound, so thin evidence never outranks a long record.")] string RankedBy,
    [property: Description("K: a source with an affiliation starts from Beta(m·K, (1 − m)·K) instead of Beta(α₀, β₀), m the mean of its affiliation's pooled record.")] double AffiliationPriorStrength,
    [property: Description("k: a source's score on one topic starts from Beta(s·k, (1 − s)·k), s its overall score.")] double TopicPriorStrength);

public sealed record CredibilityInterval(double Low, double High);

public sealed record CredibilityEvidence(
    [property: Description("Summed weight of every contribution (after decay): the denominator of the score.")] double Weight,
    [property: Description("Σ weight · truth.")] double WeightedTrue,
    [property: Description("Σ weight · (1 − truth).")] double WeightedFalse,
    [property: Description("Rated claims (and denials of rated claims) the source is on.")] int Claims,
    [property: Description("Of those, claims the source spoke.")] int AsSpeaker,
    [property: Description("Of those, claims the source relayed.")] int AsRelay,
    [property: Description("Of those, claims in articles the source published.")] int AsPublisher,
    [property: Description("Share of the claims, in [0, 1], whose speaker is anonymous.")] double AnonymousSpeakerShare);

/// <summary>One thing that moved a score: a rated claim (kind claim), or the prior it started from (kind prior).</summary>
public sealed record CredibilityContribution(
    [property: Description("The claim; null for the prior.")] long? ClaimId,
    [property: Description("The rating the truth comes from: the claim's latest verdict, or for a denial the verdict of the claim it denies; null for the prior.")] Rating? Verdict,
    [property: Description("Truth in [0, 1]: true 1, mostly-true .75, mixed .5, mostly-false .25, false 0; 1 − t for a denial; for the prior, its mean.")] double Truth,
    [property: Description("The evidence weight after relay halving and decay; for the prior, its strength.")] double Weight,
    [property: Description("The source's place on the claim's path; null for the prior.")] EvidenceRole? Role,
    [property: Description("When the verdict was reviewed; null for the prior.")] DateTimeOffset? ReviewedAt,
    [property: Description("For a denial without its own verdict: the rated claim it denies.")] long? DeniesClaimId,
    [property: Description("claim, or prior: where the score started from, when that is not the configured Beta(α₀, β₀).")] ContributionKind Kind = ContributionKind.Claim,
    [property: Description("For kind prior: what the prior rests on.")] CredibilityPrior? Prior = null,
    [property: Description("The reviewer's own label of that verdict where their scale is finer than the five ratings (e.g. \"pants on fire\"); null when none was recorded.")] string? OriginalLabel = null);

public sealed record SourceCredibilityResponse(
    SourceRef Source,
    [property: Description("The posterior mean in [0, 1].")] double Score,
    [property: Description("The 95% credible interval from the Beta posterior's quantiles.")] CredibilityInterval Interval,
    CredibilityStatus Status,
    CredibilityEvidence Evidence,
    [property: Description("The prior first when it is not the configured one (an affiliation's pooled record, or the overall score for a topic), then the ten claims that moved the score most (weight · |truth − score|), largest first.")] IReadOnlyList<CredibilityContribution> Contributions,
    CredibilityMethod Method,
    [property: Description("The source this one belongs to, whose pooled record sets its prior; null for none.")] SourceRef? Affiliation = null,
    [property: Description("With ?topic=: the topic (folded), and score, interval, status, evidence and contributions are the source's on that topic; null for the overall score.")] string? Topic = null,
    [property: Description("The topics the source's rated claims carry, each scored as ?topic= would score it, most evidence first (at most 20).")] IReadOnlyList<CredibilityTopicScore>? Topics = null);

/// <summary>A source's score on one topic, shrunk toward its overall score where the topic's evidence is thin.</summary>
public sealed record CredibilityTopicScore(
    [property: Description("The topic, folded, e.g. 'troop-numbers'.")] string Topic,
    [property: Description("Posterior mean of Beta(s·k + Σ w·t, (1 − s)·k + Σ w·(1 − t)) over the claims carrying the topic; s the overall score, k topicPriorStrength.")] double Score,
    CredibilityInterval Interval,
    CredibilityStatus Status,
    [property: Description("Summed evidence weight on the topic.")] double Weight,
    [property: Description("Rated claims carrying the topic.")] int Claims);

public sealed class SourceCredibilityQuery
{
    [Description("A topic, e.g. 'diplomacy' or 'troop numbers' (folded as claims' topics are): the source's score on it, from the rated claims carrying it, shrunk toward the overall score by the method's topicPriorStrength. A topic none of its claims carries answers the overall score with no evidence.")]
    [FromQuery(Name = "topic")]
    public string? Topic { get; init; }
}

public sealed class CredibilityHistoryQuery
{
    [Description("month (default), quarter or year.")]
    [FromQuery(Name = "bucket")]
    public string? Bucket { get; init; }
}

public sealed record CredibilityHistoryPoint(
    [property: Description("The bucket's first instant (UTC).")] DateTimeOffset Start,
    [property: Description("The next bucket's first instant: the score counts verdicts reviewed before it.")] DateTimeOffset End,
    double Score,
    CredibilityInterval Interval,
    CredibilityStatus Status,
    [property: Description("Summed evidence weight at the bucket's end.")] double Weight,
    [property: Description("Rated claims counted by then.")] int Claims);

public sealed record CredibilityHistoryResponse(
    SourceRef Source,
    HistoryBucket Bucket,
    [property: Description("From the bucket of the source's first rated claim to the current one, oldest first; at most 600.")] IReadOnlyList<CredibilityHistoryPoint> Points,
    CredibilityMethod Method);

public sealed class CredibilityRankingsQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    [Description("Only sources of this kind: outlet, person, organization or anonymous.")]
    [FromQuery(Name = "kind")]
    public string? Kind { get; init; }

    [Description("Leave out sources with less summed evidence weight than this (default: the configured minEvidence).")]
    [FromQuery(Name = "minEvidence")]
    public double? MinEvidence { get; init; }

    [Description("How many sources, 1 to 500 (default 50).")]
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    [Description("Only the direct members of this source: those whose affiliationId it is.")]
    [FromQuery(Name = "affiliationId")]
    public long? AffiliationId { get; init; }

    [Description("affiliation: besides items, groups the ranked sources by their affiliation, each group with its pooled score.")]
    [FromQuery(Name = "groupBy")]
    public string? GroupBy { get; init; }
}

public sealed record CredibilityRanking(
    [property: Description("1 for the best.")] int Rank,
    SourceRef Source,
    double Score,
    CredibilityInterval Interval,
    [property: Description("Summed evidence weight.")] double Weight,
    [property: Description("Rated claims the source is on.")] int Claims,
    [property: Description("The source's affiliation, or null.")] long? AffiliationId = null);

/// <summary>The ranked sources of one affiliation.</summary>
public sealed record CredibilityRankingGroup(
    [property: Description("The affiliation; null for the ranked sources without one.")] SourceRef? Affiliation,
    [property: Description("The posterior mean of the affiliation's pooled record (its own evidence and its direct members') under its own prior; null for the group without an affiliation.")] double? Score,
    [property: Description("The pooled record's 95% interval; null for the group without an affiliation.")] CredibilityInterval? Interval,
    [property: Description("The pooled evidence weight; 0 for the group without an affiliation.")] double Weight,
    [property: Description("The group's ranked sources, in rank order (their rank is over all items).")] IReadOnlyList<CredibilityRanking> Items);

public sealed record CredibilityRankingsResponse(
    [property: Description("The kind asked for, or null for every kind.")] SourceKind? Kind,
    [property: Description("The evidence threshold applied.")] double MinEvidence,
    [property: Description("Sources that meet it, best first by the interval's lower bound, then score, then id.")] IReadOnlyList<CredibilityRanking> Items,
    CredibilityMethod Method,
    [property: Description("The affiliation asked for, or null.")] long? AffiliationId = null,
    [property: Description("With groupBy=affiliation: the items grouped by affiliation, groups best first by their pooled interval's lower bound, the group without an affiliation last; otherwise null.")] IReadOnlyList<CredibilityRankingGroup>? Groups = null);

/// <summary>A source's standing as the credibility engine scores it.</summary>
public sealed record CredibilitySummary(
    [property: Description("The posterior mean in [0, 1].")] double Score,
    [property: Description("The 95% credible interval's lower bound.")] double Low,
    [property: Description("The 95% credible interval's upper bound.")] double High,
    CredibilityStatus Status);
