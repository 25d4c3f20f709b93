using System.Net;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// One NAT binding: internal endpoint ↔ external port, plus the destinations the internal endpoint has sent to
/// (what address-dependent and address-and-port-dependent filtering check, RFC 4787 §5).
/// </summary>
internal sealed class NatMapping(NatMappingKey key, IPEndPoint external, long now)
{
    public NatMappingKey Key { get; } = key;

    public IPEndPoint Internal => Key.Internal;

    public IPEndPoint External { get; } = external;

    public int ExternalPort => External.Port;

    public long LastActive { get; set; } = now;

    public HashSet<IPAddress> PermittedAddresses { get; } = [];

    public HashSet<IPEndPoint> PermittedEndPoints { get; } = [];
}
