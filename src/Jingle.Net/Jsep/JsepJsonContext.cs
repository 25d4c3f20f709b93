using System.Text.Json.Serialization;

namespace Jingle.Net.Jsep;

/// <summary>Source-generated JSON metadata for the signaling types (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RtcSessionDescription))]
[JsonSerializable(typeof(RtcIceCandidateInit))]
internal sealed partial class JsepJsonContext : JsonSerializerContext
{
}
