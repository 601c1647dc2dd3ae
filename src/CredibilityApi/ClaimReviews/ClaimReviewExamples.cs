using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredibilityApi.ClaimReviews;

/// <summary>
/// The ClaimReview import's schema as the reader takes it: keywords are a comma-separated string or an array (the
/// records can only say one), and an example review carrying a categorical value and keywords, from the corpus page
/// (Misbar rating a denial that the Iranian general was wounded).
/// </summary>
public static class ClaimReviewExamples
{
    private static JsonObject Review() => new()
    {
        ["@type"] = "ClaimReview",
        ["url"] = "https://misbar.com/factcheck/2015/11/05/soleimani-wounded",
        ["claimReviewed"] = "قاسم سليماني لم يصب بأي أذى",
        ["datePublished"] = "2015-11-05T00:00:00Z",
        ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "مسبار" },
        ["reviewRating"] = new JsonObject
        {
            ["@type"] = "Rating",
            ["ratingValue"] = 2,
            ["worstRating"] = 1,
            ["bestRating"] = 5,
            ["alternateName"] = "مضلل",
        },
        ["keywords"] = "Soleimani, health",
        ["itemReviewed"] = new JsonObject
        {
            ["@type"] = "Claim",
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "وكالة تسنيم" },
            ["datePublished"] = "2015-11-02T00:00:00Z",
            ["value"] = "not wounded",
            ["keywords"] = new JsonArray("الحرس الثوري"),
            ["appearance"] = new JsonArray(
                new JsonObject { ["@type"] = "NewsArticle", ["url"] = "https://www.tasnimnews.com/ar/news/2015/11/02/soleimani" }),
        },
    };

    public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (type != typeof(ClaimReviewInput) && type != typeof(ReviewedClaimInput))
        {
            return Task.CompletedTask;
        }
        if (schema.Properties?.TryGetValue("keywords", out var keywords) == true && keywords is OpenApiSchema words)
        {
            words.Type |= JsonSchemaType.String;
            words.Examples = [JsonValue.Create("troop numbers, diplomacy"), new JsonArray("troop numbers", "diplomacy")];
        }
        if (type == typeof(ClaimReviewInput))
        {
            schema.Examples = [Review()];
        }
        else if (schema.Properties?.TryGetValue("value", out var value) == true && value is OpenApiSchema answer)
        {
            answer.Examples = [JsonValue.Create("Jaysh al-Islam"), JsonValue.Create("جيش الإسلام")];
        }
        return Task.CompletedTask;
    }
}
