using System.Text.Json;
using System.Text.Json.Serialization;

namespace CredibilityApi.Chains;

/// <summary>
/// Compile-time JSON metadata for the chain views, the hottest responses: serializing them
/// without reflection is measurably faster (BENCHMARKS.md). The options still come from Http/Json.cs.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = false)]
[JsonSerializable(typeof(ChainResponse))]
[JsonSerializable(typeof(ProvenanceResponse))]
internal sealed partial class ChainsJson : JsonSerializerContext;
