using System.ComponentModel;
using System.Text.Json.Serialization;
using CredibilityApi.Http;

namespace CredibilityApi.ApiKeys;

[JsonConverter(typeof(StrictEnumConverter<ApiKeyRole>))]
public enum ApiKeyRole
{
    [JsonStringEnumMemberName("reader")] Reader,
    [JsonStringEnumMemberName("editor")] Editor,
    [JsonStringEnumMemberName("admin")] Admin,
}

public sealed record CreateApiKeyRequest(
    [property: Description("What the key is for, e.g. 'newsroom dashboard'.")] string Name,
    [property: Description("reader may read, editor may also write, admin may also manage keys and read the audit log.")] ApiKeyRole? Role);

public sealed record ApiKeyResponse(
    long Id,
    string Name,
    ApiKeyRole Role,
    [property: Description("The first characters of the secret, to tell keys apart: the fixed `cred_` and five random characters. Null for the operator's key from CREDIBILITY_ADMIN_KEY, of whose secret nothing is stored or shown.")] string? Prefix,
    DateTimeOffset CreatedAt);

/// <summary>The answer to creating a key: the only time its secret is shown.</summary>
public sealed record CreatedApiKeyResponse(
    long Id,
    string Name,
    ApiKeyRole Role,
    [property: Description("The secret's first characters, as the key list shows them.")] string Prefix,
    DateTimeOffset CreatedAt,
    [property: Description("The secret. It is stored only as a hash and cannot be shown again.")] string Key);
