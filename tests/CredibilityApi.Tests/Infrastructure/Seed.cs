using System.Net;
using System.Text.Json;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>Creates the rows a test needs through the API, with fresh names so tests never collide.</summary>
public static class Seed
{
    public static async Task<JsonElement> Source(HttpClient editor, string? name = null, string kind = "outlet", object? aliases = null) =>
        await (await editor.PostJson("/v1/sources", new { name = name ?? $"Source {Guid.NewGuid():N}", kind, aliases }))
            .AssertJson(HttpStatusCode.Created);

    public static async Task<JsonElement> Claim(HttpClient editor, long speakerId, string? text = null, string? subject = null,
        string stance = "asserts", long[]? via = null, long? articleId = null, object? quantity = null, string? value = null) =>
        await (await editor.PostJson("/v1/claims", new
        {
            text = text ?? $"Claim {Guid.NewGuid():N}",
            speakerId,
            stance,
            subject,
            via,
            articleId,
            quantity,
            value,
        })).AssertJson(HttpStatusCode.Created);

    public static async Task<JsonElement> Article(HttpClient editor, long? publisherId = null, string? body = null, object? citations = null) =>
        await (await editor.PostJson("/v1/articles", new
        {
            url = $"https://example.org/news/{Guid.NewGuid():N}",
            title = "عنوان المقال",
            language = "ar",
            publisherId,
            body,
            citations,
        })).AssertJson(HttpStatusCode.Created);

    public static async Task<JsonElement> Relation(HttpClient editor, long fromClaimId, long toClaimId, string type) =>
        await (await editor.PostJson("/v1/relations", new { fromClaimId, toClaimId, type })).AssertJson(HttpStatusCode.Created);
}
