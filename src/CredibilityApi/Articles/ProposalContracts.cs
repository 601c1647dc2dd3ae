using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Claims;
using CredibilityApi.Relations;
using CredibilityApi.Sources;

namespace CredibilityApi.Articles;

/// <summary>A speaker or relay as an article names it.</summary>
public sealed record ProposedSource(
    [property: Description("The known source this name resolves to (same aliases and folding as citations); null for a source the service does not know yet.")] long? SourceId,
    [property: Description("The name as the article writes it; for an anonymous source, the phrase that stands for it (e.g. 'مصادر أوروبية دبلوماسية').")] string Name,
    [property: JsonRequired, Description("outlet, person, organization, or anonymous for an unnamed source.")] SourceKind Kind);

/// <summary>A claim the article reports: who said it, through whom, asserted or denied.</summary>
public sealed record ProposedClaim(
    [property: Description("The reported proposition as written; for a denial, the proposition denied.")] string Text,
    [property: Description("Start of the proposition in the answer's body, in UTF-16 code units.")] int Start,
    [property: Description("End of the proposition in the body (exclusive).")] int End,
    [property: Description("The words that attribute it, e.g. 'نقلت … عن' or 'said'.")] string? Cue,
    [property: Description("The origin of the claim.")] ProposedSource Speaker,
    [property: Description("The relays from the origin side toward the publisher; the article's publisher is not repeated.")] IReadOnlyList<ProposedSource> Via,
    [property: Description("denies when the cue is a denial, else asserts.")] Stance Stance,
    [property: Description("The number the proposition carries, with its unit.")] Quantity? Quantity = null,
    [property: Description("A subject key grouping claims about the same thing, when one is known.")] string? Subject = null);

/// <summary>A relation between two proposals of one article, by index into its claims.</summary>
public sealed record ProposedRelation(
    [property: JsonRequired, Description("Index of the claim that denies, refutes, supports… in the proposals.")] int From,
    [property: JsonRequired, Description("Index of the claim it is about.")] int To,
    [property: JsonRequired] RelationType Type);

/// <summary>The claims an article reports and the relations between them, as extraction proposes them.</summary>
public sealed record ArticleProposals(
    [property: Description("The proposed claims, in text order.")] IReadOnlyList<ProposedClaim> Claims,
    [property: Description("Relations between proposed claims, by index into claims.")] IReadOnlyList<ProposedRelation> Relations);
