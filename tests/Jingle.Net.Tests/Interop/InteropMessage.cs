using System.Text;
using System.Text.Json.Nodes;

namespace Jingle.Net.Tests.Interop;

/// <summary>A data-channel message as a real peer sent or received it: text (PPID 51/56) or binary (PPID 53/57).</summary>
public sealed record InteropMessage(bool IsBinary, byte[] Data)
{
    public static InteropMessage Text(string text) => new(false, Encoding.UTF8.GetBytes(text));

    public static InteropMessage Binary(byte[] data) => new(true, data);

    /// <summary>The text of a text message.</summary>
    public string AsText() => Encoding.UTF8.GetString(Data);

    public bool SameAs(InteropMessage other) => IsBinary == other.IsBinary && Data.AsSpan().SequenceEqual(other.Data);

    public override string ToString() => IsBinary ? $"binary[{Data.Length}]" : $"text[{Data.Length}]";

    /// <summary>The harness wire shape: <c>{"kind":"text","data":...}</c> or <c>{"kind":"binary","b64":...}</c>.</summary>
    internal JsonObject ToJson() => IsBinary
        ? new JsonObject { ["kind"] = "binary", ["b64"] = Convert.ToBase64String(Data) }
        : new JsonObject { ["kind"] = "text", ["data"] = AsText() };

    internal static InteropMessage FromJson(JsonNode node) =>
        (string?)node["kind"] == "binary"
            ? Binary(Convert.FromBase64String((string?)node["b64"] ?? string.Empty))
            : Text((string?)node["data"] ?? string.Empty);
}
