namespace Jingle.Net.Base.Networking;

/// <summary>Enumerates the host's networks (libjingle's NetworkManager). The VirtualNetwork supplies its own.</summary>
public interface INetworkManager
{
    /// <summary>The networks that pass <paramref name="filter"/> (default: up, non-loopback, non-virtual).</summary>
    IReadOnlyList<NetworkInfo> GetNetworks(NetworkFilter? filter = null);
}
