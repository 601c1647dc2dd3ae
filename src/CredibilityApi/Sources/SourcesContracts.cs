using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Mvc;

namespace CredibilityApi.Sources;

[JsonConverter(typeof(StrictEnumConverter<SourceKind>))]
public enum SourceKind
{
    [JsonStringEnumMemberName("outlet")] Outlet,
    [JsonStringEnumMemberName("person")] Person,
    [JsonStringEnumMemberName("organization")] Organization,
    [JsonStringEnumMemberName("anonymous")] Anonymous,
}

/// <summary>Another name a source goes by, in a given language ("بلومبرج", "ISNA").</summary>
public sealed record SourceAlias(
    [property: Description("The name as written.")] string Text,
    [property: Description("BCP 47 tag of the alias, e.g. 'ar' or 'en'.")] string? Language = null);

public sealed record CreateSourceRequest(
    [property: Description("The source's usual name.")] string Name,
    [property: Description("outlet, person, organization, or anonymous for unnamed sources.")] SourceKind? Kind,
    [property: Description("ISO 3166-1 alpha-2 country code.")] string? Country = null,
    [property: Description("Absolute http(s) URL of the source's site.")] string? Homepage = null,
    [property: Description("Other names, in any language; matched Arabic-aware.")] IReadOnlyList<SourceAlias>? Aliases = null,
    [property: Description(SourceAffiliation.Description)] long? AffiliationId = null) : IReferencing
{
    public IEnumerable<Reference> References() =>
        AffiliationId is { } affiliation ? [new Reference("AffiliationId", ReferenceKind.Source, affiliation)] : [];
}

/// <summary>A partial update: fields left out (or null) keep their value; an empty string clears country or homepage; aliases, when given, replace the list; affiliationId 0 removes the affiliation.</summary>
public sealed record UpdateSourceRequest(
    string? Name = null,
    SourceKind? Kind = null,
    string? Country = null,
    string? Homepage = null,
    IReadOnlyList<SourceAlias>? Aliases = null,
    [property: Description(SourceAffiliation.Description + " 0 removes it.")] long? AffiliationId = null) : IReferencing
{
    // 0 names no source: it removes the affiliation. A cycle is found against the stored chain, inside the update.
    public IEnumerable<Reference> References() =>
        AffiliationId is { } affiliation and not 0 ? [new Reference("AffiliationId", ReferenceKind.Source, affiliation)] : [];
}

/// <summary>What a source's affiliation is, for the contract's descriptions.</summary>
public static class SourceAffiliation
{
    public const string Description =
        "The id of the source this one belongs to: a person's party or employer, an outlet's owner or network. Chains are allowed, " +
        "cycles are not. A source with little evidence borrows its prior from its affiliation's pooled record (see GetSourceCredibility).";
}

public sealed record SourceResponse(
    long Id,
    string Name,
    SourceKind Kind,
    string? Country,
    string? Homepage,
    IReadOnlyList<SourceAlias> Aliases,
    [property: Description("The source this one belongs to (party, employer, owner, network), or null.")] long? AffiliationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: Description("Bumped by every update; the ETag carries it.")] long Version);

public sealed class SourceListQuery : PageQuery
{
    [Description("Only sources of this kind: outlet, person, organization, anonymous.")]
    [FromQuery(Name = "kind")]
    public string? Kind { get; init; }

    [Description("Only sources whose name or an alias contains this text (folded: case, accents, Arabic letter forms and diacritics ignored).")]
    [FromQuery(Name = "q")]
    public string? Q { get; init; }
}

/// <summary>A source as other resources show it.</summary>
public sealed record SourceRef(long Id, string Name, SourceKind Kind);

/// <summary>How a name matched: the same once folded, the same once an attached prefix (و ب ل ف ال) is off its first word, or a near spelling.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NameMatch>))]
public enum NameMatch
{
    [JsonStringEnumMemberName("exact")] Exact,
    [JsonStringEnumMemberName("prefix")] Prefix,
    [JsonStringEnumMemberName("near")] Near,
}

/// <summary>A source found by name.</summary>
public sealed record SourceMatch(
    SourceRef Source,
    [property: Description("The source's name or alias that matched, as stored.")] string MatchedAlias,
    [property: Description("exact (the same once folded), prefix (once و ب ل ف ال are off the first word) or near (a few edits away).")] NameMatch Match,
    [property: Description("1 for an exact match, otherwise 1 − edits ÷ the longer folded name's length (rounded to 3 places).")] double Score);

/// <summary>The sources a name may mean, best first.</summary>
public sealed record SourceResolution(
    [property: Description("Exact matches first, then prefix matches, then near spellings; by score within each, one per source.")] IReadOnlyList<SourceMatch> Items);

public sealed class ResolveSourceQuery
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;

    [Description("The name to look up, as written in any language: folded for case, accents, Arabic letter forms, diacritics and tatweel; attached prefixes (و ب ل ف ال) are tried off its first word.")]
    [FromQuery(Name = "name")]
    public string? Name { get; init; }

    [Description("At most this many sources, 1 to 50 (default 10).")]
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }
}
