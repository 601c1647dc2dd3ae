using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredibilityApi.Articles;

/// <summary>
/// Examples for the proposal schemas in the OpenAPI document, taken from the corpus page (Tasnim relaying
/// Nahrain Net relaying unnamed European diplomats), and the stored article's required fields on the
/// import's answer, which extends it.
/// </summary>
public static class ProposalExamples
{
    private static readonly JsonObject Diplomats = new()
    {
        ["sourceId"] = null,
        ["name"] = "مصادر أوروبية دبلوماسية",
        ["kind"] = "anonymous",
    };

    private static JsonObject Source(long? id, string name, string kind) =>
        new() { ["sourceId"] = id, ["name"] = name, ["kind"] = kind };

    private static JsonObject Claim() => new()
    {
        ["text"] = "الجنرال الإيراني قاسم سليماني زار موسكو سراً، الأسبوع الفائت",
        ["start"] = 2150,
        ["end"] = 2209,
        ["cue"] = "نقلت … عن … عن",
        ["speaker"] = Diplomats.DeepClone(),
        ["via"] = new JsonArray(Source(5, "Nahrain Net", "outlet"), Source(4, "Tasnim News Agency", "outlet")),
        ["stance"] = "asserts",
        ["quantity"] = null,
        ["subject"] = null,
    };

    private static JsonObject Relation() => new() { ["from"] = 8, ["to"] = 9, ["type"] = "refutes" };

    public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(ProposedSource))
        {
            schema.Examples = [Diplomats.DeepClone()];
        }
        else if (type == typeof(ProposedClaim))
        {
            schema.Examples = [Claim()];
        }
        else if (type == typeof(ProposedRelation))
        {
            schema.Examples = [Relation()];
        }
        else if (type == typeof(ArticleProposals))
        {
            schema.Examples = [new JsonObject { ["claims"] = new JsonArray(Claim()), ["relations"] = new JsonArray(Relation()) }];
        }
        else if (type == typeof(ImportedArticleResponse) && context.Document?.Components?.Schemas is { } schemas
                 && schemas.TryGetValue(nameof(ArticleResponse), out var article) && article.Required is { } required)
        {
            // The stored article's fields are as required here as on the article itself.
            schema.Required ??= new HashSet<string>();
            schema.Required.UnionWith(required);
        }
        return Task.CompletedTask;
    }
}
