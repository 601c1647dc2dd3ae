using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using CredibilityApi.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Data;
using CredibilityApi.Http;
using CredibilityApi.Reads;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using Microsoft.AspNetCore.Http.Metadata;

namespace CredibilityApi.Chains;

/// <summary>
/// A chain, written as <see cref="ChainResponse"/> JSON straight from the walk and the claim
/// index into the response body. The chain is the hottest answer the service gives: building
/// the records first cost more (allocation and GC) than the walk itself. The records stay the
/// contract, for the OpenAPI document and for clients; tests read the JSON back into them.
/// </summary>
public sealed class ChainAnswer(long root, int depth, ChainWalk.Result walk, ClaimIndex index, BeliefSnapshot beliefs)
    : IResult, IEndpointMetadataProvider
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // The walk's pooled collections go back once the chain is written.
        using (walk)
        {
            await WriteJsonAsync(httpContext, index, Write);
        }
    }

    /// <summary>
    /// Answers 200 with the JSON <paramref name="write"/> produces, written whole into the pipe's
    /// buffers while the index is held still, then flushed: the way the hand-written answers go out.
    /// </summary>
    internal static async Task WriteJsonAsync(HttpContext httpContext, ClaimIndex index, Action<Utf8JsonWriter, ClaimIndex> write)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        index.Read(x =>
        {
            using var json = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
            write(json, x);
            return 0;
        });
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ChainResponse), ["application/json"]));

    private void Write(Utf8JsonWriter json, ClaimIndex x)
    {
        var nodes = new List<(long Id, ChainWalk.Reach Reach, ClaimHead Head)>(walk.Nodes.Count);
        foreach (var (id, reach) in walk.Nodes)
        {
            if (x.TryHead(id, out var head))
            {
                nodes.Add((id, reach, head));
            }
        }
        nodes.Sort((a, b) => a.Reach.Distance != b.Reach.Distance ? a.Reach.Distance.CompareTo(b.Reach.Distance) : a.Id.CompareTo(b.Id));

        json.WriteStartObject();
        json.WriteNumber(Names.Root, root);
        json.WriteNumber(Names.Depth, depth);
        var scratch = walk.Scratch;
        var (path, sources) = (scratch.Path, scratch.Sources);
        json.WriteStartArray(Names.Nodes);
        foreach (var (id, reach, head) in nodes)
        {
            x.AttributionOf(id, path);
            sources.AddRange(path);
            json.WriteStartObject();
            json.WriteNumber(Names.Id, id);
            WriteNullable(json, Names.Subject, head.Subject);
            json.WriteString(Names.Stance, Encoded<Stance>.Of(head.Stance));
            json.WriteString(Names.Status, Encoded<ClaimStatus>.Of(head.Status));
            json.WriteNumber(Names.SpeakerId, path[0]);
            json.WriteStartArray(Names.Attribution);
            foreach (var source in path)
            {
                json.WriteNumberValue(source);
            }
            json.WriteEndArray();
            if (head.VerdictId == 0)
            {
                json.WriteNull(Names.LatestVerdict);
            }
            else
            {
                json.WriteStartObject(Names.LatestVerdict);
                json.WriteNumber(Names.Id, head.VerdictId);
                // A claim's status is its latest verdict's rating, by the same name.
                json.WriteString(Names.Rating, Encoded<ClaimStatus>.Of(head.Status));
                json.WriteString(Names.Reviewer, head.Reviewer);
                json.WriteString(Names.ReviewedAt, new DateTimeOffset(head.VerdictAt, TimeSpan.Zero));
                WriteNullable(json, Names.OriginalLabel, head.OriginalLabel);
                json.WriteEndObject();
            }
            if (beliefs.Belief(id, head.Status) is { } belief)
            {
                json.WriteNumber(Names.Belief, belief);
            }
            else
            {
                json.WriteNull(Names.Belief);
            }
            json.WriteNumber(Names.Distance, reach.Distance);
            json.WriteString(Names.Side, Encoded<Side>.Of(reach.Side));
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray(Names.Edges);
        var edges = scratch.Edges;
        edges.AddRange(walk.Edges);
        edges.Sort(static (a, b) => a.RelationId.CompareTo(b.RelationId));
        foreach (var edge in edges)
        {
            json.WriteStartObject();
            json.WriteNumber(Names.Id, edge.RelationId);
            json.WriteNumber(Names.FromClaimId, edge.From);
            json.WriteNumber(Names.ToClaimId, edge.To);
            json.WriteString(Names.Type, Encoded<RelationType>.Of(edge.Type));
            json.WriteBoolean(Names.Opposing, edge.Opposing);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray(Names.Paths);
        foreach (var p in walk.Paths)
        {
            walk.PathOf(p, scratch.Claims, scratch.Relations);
            json.WriteStartObject();
            WriteIds(json, Names.Claims, scratch.Claims);
            WriteIds(json, Names.Relations, scratch.Relations);
            json.WriteNumber(Names.OpposingEdges, p.OpposingEdges);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject(Names.Sides);
        var sides = scratch.Sides;
        foreach (var (id, reach, _) in nodes)
        {
            sides[(int)reach.Side].Add(id);
        }
        foreach (var side in (ReadOnlySpan<Side>)[Side.With, Side.Against, Side.Conflicted])
        {
            sides[(int)side].Sort();
            WriteIds(json, Encoded<Side>.Of(side), sides[(int)side]);
        }
        json.WriteEndObject();

        sources.Sort();
        json.WriteStartArray(Names.Sources);
        for (var i = 0; i < sources.Count; i++)
        {
            var id = sources[i];
            if (i > 0 && id == sources[i - 1])
            {
                continue;
            }
            var (name, kind) = x.NameAndKind(id);
            json.WriteStartObject();
            json.WriteNumber(Names.Id, id);
            json.WriteString(Names.Name, name);
            json.WriteString(Names.Kind, Encoded<SourceKind>.Of(kind));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean(Names.Truncated, walk.Truncated);
        json.WriteNumber(Names.CompleteDepth, walk.CompleteDepth);
        if (beliefs.AsOf is { } asOf)
        {
            json.WriteString(Names.BeliefsComputedAt, asOf);
        }
        else
        {
            json.WriteNull(Names.BeliefsComputedAt);
        }
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteIds(Utf8JsonWriter json, JsonEncodedText name, IReadOnlyList<long> ids)
    {
        json.WriteStartArray(name);
        for (var i = 0; i < ids.Count; i++)
        {
            json.WriteNumberValue(ids[i]);
        }
        json.WriteEndArray();
    }

    /// <summary>Property names encoded once, not on every write.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Attribution = JsonEncodedText.Encode("attribution");
        public static readonly JsonEncodedText Belief = JsonEncodedText.Encode("belief");
        public static readonly JsonEncodedText Claims = JsonEncodedText.Encode("claims");
        public static readonly JsonEncodedText CompleteDepth = JsonEncodedText.Encode("completeDepth");
        public static readonly JsonEncodedText Depth = JsonEncodedText.Encode("depth");
        public static readonly JsonEncodedText Distance = JsonEncodedText.Encode("distance");
        public static readonly JsonEncodedText Edges = JsonEncodedText.Encode("edges");
        public static readonly JsonEncodedText FromClaimId = JsonEncodedText.Encode("fromClaimId");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText LatestVerdict = JsonEncodedText.Encode("latestVerdict");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Nodes = JsonEncodedText.Encode("nodes");
        public static readonly JsonEncodedText OriginalLabel = JsonEncodedText.Encode("originalLabel");
        public static readonly JsonEncodedText Opposing = JsonEncodedText.Encode("opposing");
        public static readonly JsonEncodedText OpposingEdges = JsonEncodedText.Encode("opposingEdges");
        public static readonly JsonEncodedText Paths = JsonEncodedText.Encode("paths");
        public static readonly JsonEncodedText Rating = JsonEncodedText.Encode("rating");
        public static readonly JsonEncodedText Relations = JsonEncodedText.Encode("relations");
        public static readonly JsonEncodedText ReviewedAt = JsonEncodedText.Encode("reviewedAt");
        public static readonly JsonEncodedText Reviewer = JsonEncodedText.Encode("reviewer");
        public static readonly JsonEncodedText Root = JsonEncodedText.Encode("root");
        public static readonly JsonEncodedText Side = JsonEncodedText.Encode("side");
        public static readonly JsonEncodedText Sides = JsonEncodedText.Encode("sides");
        public static readonly JsonEncodedText Sources = JsonEncodedText.Encode("sources");
        public static readonly JsonEncodedText SpeakerId = JsonEncodedText.Encode("speakerId");
        public static readonly JsonEncodedText Stance = JsonEncodedText.Encode("stance");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Subject = JsonEncodedText.Encode("subject");
        public static readonly JsonEncodedText ToClaimId = JsonEncodedText.Encode("toClaimId");
        public static readonly JsonEncodedText Truncated = JsonEncodedText.Encode("truncated");
        public static readonly JsonEncodedText BeliefsComputedAt = JsonEncodedText.Encode("beliefsComputedAt");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    }

    /// <summary>An enum's JSON names, encoded once (the contradictions page writes them too).</summary>
    internal static class Encoded<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly FrozenDictionary<TEnum, JsonEncodedText> Texts =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonEncodedText.Encode(EnumText<TEnum>.Name(v)));

        public static JsonEncodedText Of(TEnum value) => Texts[value];
    }
}
