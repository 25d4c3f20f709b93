using System.Net;
using Jingle.Net.Base.Networking;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>Only 127.0.0.1, so real-socket tests never leave loopback.</summary>
internal sealed class LoopbackNetworks : INetworkManager
{
    public IReadOnlyList<NetworkInfo> GetNetworks(NetworkFilter? filter = null) =>
        [new NetworkInfo("lo", 1, NetworkAdapterType.Loopback, true, [new NetworkAddress(IPAddress.Loopback, 8)])];
}
