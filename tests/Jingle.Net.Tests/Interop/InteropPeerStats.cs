using System.Text.Json.Nodes;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// A real peer's receive counters: what its data channel received (bytes, messages, of which text, binary and
/// empty), the seconds from the first to the last message, its connection state and the ms from offer/answer
/// start to data channel open (null if not open).
/// </summary>
public sealed record InteropPeerStats(long Bytes, long Messages, long Texts, long Binaries, long Empty, double Seconds,
    string State, double? OpenMs)
{
    internal static InteropPeerStats FromJson(JsonNode node) => new(
        (long?)node["bytes"] ?? 0,
        (long?)node["messages"] ?? 0,
        (long?)node["texts"] ?? 0,
        (long?)node["binaries"] ?? 0,
        (long?)node["empty"] ?? 0,
        (double?)node["seconds"] ?? 0,
        (string?)node["state"] ?? string.Empty,
        (double?)node["open_ms"]);
}
