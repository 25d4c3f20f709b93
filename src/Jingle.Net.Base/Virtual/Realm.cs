using System.Net;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// An address space: the open internet (<see cref="Router"/> null) or the inside of one router. Addresses are unique
/// within a realm only, so two NATs may both have a 192.168.1.2 behind them.
/// </summary>
internal sealed class Realm(VirtualRouter? router)
{
    /// <summary>The router this realm is the inside of; null for the internet.</summary>
    public VirtualRouter? Router { get; } = router;

    /// <summary>Address → <see cref="VirtualHost"/> or <see cref="VirtualRouter"/> (the next hop inward).</summary>
    public Dictionary<IPAddress, object> Nodes { get; } = [];
}
