using System.Reflection;
using System.Text.Json;
using CredibilityApi.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Http;
using CredibilityApi.Reads;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using Microsoft.AspNetCore.Http.Metadata;

namespace CredibilityApi.Chains;

/// <summary>
/// A page of contradictions, written as <see cref="Page{T}"/> of <see cref="ContradictionResponse"/>
/// JSON straight from the rows found and the claim index into the response body, as
/// <see cref="ChainAnswer"/> writes a chain: the list is the dashboard's main feed, and building the
/// records first cost more than finding the page. The records stay the contract, for the OpenAPI
/// document and for clients; tests read the JSON back into them.
/// </summary>
public sealed class ContradictionPage(
    int limit, IReadOnlyList<RelationRow> rows, IReadOnlyDictionary<long, string> texts, ClaimIndex index, BeliefSnapshot beliefs)
    : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => ChainAnswer.WriteJsonAsync(httpContext, index, Write);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Page<ContradictionResponse>), ["application/json"]));

    private void Write(Utf8JsonWriter json, ClaimIndex x)
    {
        var kept = Kept(x);
        var count = Math.Min(kept.Count, limit);
        json.WriteStartObject();
        json.WriteStartArray(Names.Items);
        for (var i = 0; i < count; i++)
        {
            var row = kept[i];
            json.WriteStartObject();
            json.WriteStartObject(Names.Relation);
            json.WriteNumber(Names.Id, row.Id);
            json.WriteNumber(Names.FromClaimId, row.From);
            json.WriteNumber(Names.ToClaimId, row.To);
            json.WriteString(Names.Type, ChainAnswer.Encoded<RelationType>.Of(row.Type));
            json.WriteBoolean(Names.Opposing, true);
            json.WriteEndObject();
            json.WriteString(Names.Status, ChainAnswer.Encoded<ContradictionStatus>.Of(StatusOf(x, row)));
            WriteClaim(json, Names.From, x, row.From);
            WriteClaim(json, Names.To, x, row.To);
            json.WriteString(Names.CreatedAt, row.CreatedAt);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (kept.Count > limit)
        {
            json.WriteString(Names.NextCursor, Cursor.Encode(kept[limit - 1].Id));
        }
        else
        {
            json.WriteNull(Names.NextCursor);
        }
        json.WriteEndObject();
    }

    private void WriteClaim(Utf8JsonWriter json, JsonEncodedText name, ClaimIndex x, long id)
    {
        x.TryHead(id, out var head);
        var speaker = x.SpeakerOf(id);
        var (speakerName, kind) = x.NameAndKind(speaker);
        json.WriteStartObject(name);
        json.WriteNumber(Names.Id, id);
        json.WriteString(Names.Text, texts[id]);
        if (head.Subject is null)
        {
            json.WriteNull(Names.Subject);
        }
        else
        {
            json.WriteString(Names.Subject, head.Subject);
        }
        json.WriteString(Names.Stance, ChainAnswer.Encoded<Stance>.Of(head.Stance));
        json.WriteString(Names.Status, ChainAnswer.Encoded<ClaimStatus>.Of(head.Status));
        json.WriteStartObject(Names.Speaker);
        json.WriteNumber(Names.Id, speaker);
        json.WriteString(Names.Name, speakerName);
        json.WriteString(Names.Kind, ChainAnswer.Encoded<SourceKind>.Of(kind));
        json.WriteEndObject();
        if (beliefs.Belief(id, head.Status) is { } belief)
        {
            json.WriteNumber(Names.Belief, belief);
        }
        else
        {
            json.WriteNull(Names.Belief);
        }
        json.WriteEndObject();
    }

    /// <summary>The rows whose two claims are still there (a claim deleted since the page was found drops its row).</summary>
    private List<RelationRow> Kept(ClaimIndex x)
    {
        var kept = new List<RelationRow>(rows.Count);
        foreach (var row in rows)
        {
            if (x.StatusOf(row.From) is not null && x.StatusOf(row.To) is not null && texts.ContainsKey(row.From) && texts.ContainsKey(row.To))
            {
                kept.Add(row);
            }
        }
        return kept;
    }

    private static ContradictionStatus StatusOf(ClaimIndex x, RelationRow row) =>
        x.StatusOf(row.From) == ClaimStatus.Unrated && x.StatusOf(row.To) == ClaimStatus.Unrated ? ContradictionStatus.Open : ContradictionStatus.Resolved;

    /// <summary>Property names encoded once, not on every write.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Belief = JsonEncodedText.Encode("belief");
        public static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
        public static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
        public static readonly JsonEncodedText FromClaimId = JsonEncodedText.Encode("fromClaimId");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");
        public static readonly JsonEncodedText Opposing = JsonEncodedText.Encode("opposing");
        public static readonly JsonEncodedText Relation = JsonEncodedText.Encode("relation");
        public static readonly JsonEncodedText Speaker = JsonEncodedText.Encode("speaker");
        public static readonly JsonEncodedText Stance = JsonEncodedText.Encode("stance");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Subject = JsonEncodedText.Encode("subject");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
        public static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
        public static readonly JsonEncodedText ToClaimId = JsonEncodedText.Encode("toClaimId");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    }
}
