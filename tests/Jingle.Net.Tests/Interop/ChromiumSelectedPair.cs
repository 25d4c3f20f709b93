using System.Text.Json.Nodes;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// Chromium's selected candidate pair for its main connection (from getStats): the pair state, the local and remote
/// candidate as <c>address:port</c>, the local candidate's usernameFragment (the ICE generation) and the data
/// channel's readyState.
/// </summary>
public sealed record ChromiumSelectedPair(string State, string Local, string Remote, string? Ufrag, string Channel)
{
    internal static ChromiumSelectedPair FromJson(JsonNode node) => new(
        (string?)node["state"] ?? string.Empty,
        (string?)node["local"] ?? string.Empty,
        (string?)node["remote"] ?? string.Empty,
        (string?)node["ufrag"],
        (string?)node["channel"] ?? string.Empty);
}
