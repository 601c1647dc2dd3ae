using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Mvc;

namespace CredibilityApi.Audit;

[JsonConverter(typeof(StrictEnumConverter<AuditAction>))]
public enum AuditAction
{
    [JsonStringEnumMemberName("create")] Create,
    [JsonStringEnumMemberName("update")] Update,
    [JsonStringEnumMemberName("delete")] Delete,

    /// <summary>The service declined a change it was configured to make (see <see cref="AuditEntryResponse.Action"/>).</summary>
    [JsonStringEnumMemberName("refuse")] Refuse,
}

public sealed record AuditEntryResponse(
    long Id,
    DateTimeOffset At,
    [property: Description("The API key that wrote; null for the service itself (demo data, bootstrap).")] long? KeyId,
    [property: Description("create, update or delete; refuse when the service declined a change its configuration asked for: at start-up CREDIBILITY_ADMIN_KEY held the secret of a key revoked through the API, which stays revoked (before is that key, after null).")] AuditAction Action,
    [property: Description("source, article, claim, relation, verdict, api-key, or import (one entry per committed NDJSON batch, id the batch number within its import).")] string Entity,
    long? EntityId,
    [property: Description("The entity before the write, as the API showed it; null for a create.")] JsonElement? Before,
    [property: Description("The entity after the write; null for a delete.")] JsonElement? After);

public sealed class AuditQuery : PageQuery
{
    [Description("Only entries about this kind of entity: source, article, claim, relation, verdict, api-key, import.")]
    [FromQuery(Name = "entity")]
    public string? Entity { get; init; }

    [Description("Only entries about the entity with this id (use with entity).")]
    [FromQuery(Name = "id")]
    public long? Id { get; init; }
}
