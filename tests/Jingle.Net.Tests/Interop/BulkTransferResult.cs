using System.Text.Json.Nodes;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// A bulk send measured by the sender: bytes sent, seconds from the first send to the sink's <c>stats</c> reply
/// (so every byte arrived), MB/s (10^6 bytes), and the sink's counters.
/// </summary>
public sealed record BulkTransferResult(long Sent, double Seconds, double MegabytesPerSecond, InteropPeerStats Sink)
{
    internal static BulkTransferResult FromJson(JsonNode node) => new(
        (long?)node["sent"] ?? 0,
        (double?)node["seconds"] ?? 0,
        (double?)node["mbps"] ?? 0,
        InteropPeerStats.FromJson(node["sink"] ?? new JsonObject()));
}
