using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jingle.Net.Jsep;

/// <summary>
/// A trickled ICE candidate as signaling carries it (W3C RTCIceCandidateInit, RFC 8840): the candidate line
/// ("candidate:..." without "a="; "" means end of candidates), the m-section it belongs to (by mid or index) and
/// optionally the ufrag of the ICE generation. JSON: <c>{"candidate":"candidate:...","sdpMid":"0","sdpMLineIndex":0}</c>.
/// </summary>
public sealed record RtcIceCandidateInit(
    [property: JsonPropertyName("candidate")] string Candidate,
    [property: JsonPropertyName("sdpMid")] string? SdpMid = null,
    [property: JsonPropertyName("sdpMLineIndex")] int? SdpMLineIndex = null,
    [property: JsonPropertyName("usernameFragment")] string? UsernameFragment = null)
{
    /// <summary>True for the end-of-candidates indication (an empty candidate string).</summary>
    [JsonIgnore]
    public bool IsEndOfCandidates => string.IsNullOrEmpty(Candidate);

    public string ToJson() => JsonSerializer.Serialize(this, JsepJsonContext.Default.RtcIceCandidateInit);

    /// <summary>Reads the JSON object; a missing "candidate" reads as "" (W3C default).</summary>
    /// <exception cref="JsonException">Malformed JSON.</exception>
    public static RtcIceCandidateInit FromJson(string json)
    {
        RtcIceCandidateInit? c = JsonSerializer.Deserialize(json, JsepJsonContext.Default.RtcIceCandidateInit)
            ?? throw new JsonException("Expected a JSON object with \"candidate\".");
        return c.Candidate is null ? c with { Candidate = string.Empty } : c;
    }
}
