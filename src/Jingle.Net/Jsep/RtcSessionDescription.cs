using System.Text.Json;
using System.Text.Json.Serialization;
using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

/// <summary>
/// A session description as signaling carries it (W3C RTCSessionDescriptionInit): the type and the SDP text. Its
/// JSON form is <c>{"type":"offer","sdp":"v=0\r\n..."}</c>, the convention of aiortc's examples and of most
/// signaling servers.
/// </summary>
public sealed record RtcSessionDescription(
    [property: JsonPropertyName("type"), JsonRequired] SdpType Type,
    [property: JsonPropertyName("sdp")] string Sdp)
{
    /// <summary>Parses <see cref="Sdp"/> into the model.</summary>
    /// <exception cref="SdpParseException">The SDP is malformed.</exception>
    public SessionDescription ParseSdp() => SessionDescription.Parse(Sdp);

    /// <summary>The JSON object <c>{"type":"...","sdp":"..."}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsepJsonContext.Default.RtcSessionDescription);

    /// <summary>Reads the JSON object; a missing "sdp" is read as "" (W3C default), a missing or unknown "type" fails.</summary>
    /// <exception cref="JsonException">The JSON is malformed or the type is missing or unknown.</exception>
    public static RtcSessionDescription FromJson(string json)
    {
        RtcSessionDescription? d = JsonSerializer.Deserialize(json, JsepJsonContext.Default.RtcSessionDescription);
        if (d is null)
        {
            throw new JsonException("Expected a JSON object with \"type\" and \"sdp\".");
        }

        return d.Sdp is null ? d with { Sdp = string.Empty } : d;
    }

    /// <summary>Reads the JSON object without throwing.</summary>
    public static bool TryFromJson(string json, out RtcSessionDescription? description)
    {
        try
        {
            description = FromJson(json);
            return true;
        }
        catch (JsonException)
        {
            description = null;
            return false;
        }
    }
}
