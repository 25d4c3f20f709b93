using System.Net;

namespace Jingle.Net.Ice.Mdns;

/// <summary>
/// Resolves mDNS host names (<c>*.local</c>, RFC 6762), such as the names browsers put in ICE host candidates to hide
/// their addresses. <see cref="Channel.P2PTransportChannel"/> uses one for remote candidates whose address is a
/// <c>.local</c> name (<see cref="Channel.P2PTransportChannelOptions.MdnsResolver"/>; default <see cref="MdnsResolver"/>).
/// </summary>
public interface IMdnsResolver
{
    /// <summary>
    /// Resolves <paramref name="name"/> to an address, or null when it cannot be resolved (no answer in time, not a
    /// <c>.local</c> name). Completes on any thread; it should not throw for an unresolvable name.
    /// </summary>
    ValueTask<IPAddress?> ResolveAsync(string name, CancellationToken cancellationToken = default);
}
