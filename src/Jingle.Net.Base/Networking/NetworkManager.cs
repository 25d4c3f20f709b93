using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Jingle.Net.Base.Networking;

/// <summary>The host's real interfaces, from <see cref="NetworkInterface.GetAllNetworkInterfaces"/>.</summary>
public sealed class NetworkManager : INetworkManager
{
    private static readonly string[] VirtualPrefixes = ["docker", "veth", "virbr", "br-", "vmnet", "vboxnet", "lxc", "cni", "flannel", "zt"];
    private static readonly string[] VpnPrefixes = ["tun", "tap", "ppp", "wg", "ipsec", "utun"];

    /// <inheritdoc />
    public IReadOnlyList<NetworkInfo> GetNetworks(NetworkFilter? filter = null)
    {
        filter ??= NetworkFilter.Default;
        var result = new List<NetworkInfo>();
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            NetworkInfo info = Describe(nic, filter);
            if (info.Addresses.Count == 0 || !Passes(info, filter))
            {
                continue;
            }

            result.Add(info);
        }

        return result;
    }

    internal static bool Passes(NetworkInfo info, NetworkFilter filter) =>
        (filter.IncludeDown || info.IsUp)
        && (filter.IncludeLoopback || !info.IsLoopback)
        && (filter.IncludeNonLoopback || info.IsLoopback)
        && (filter.IncludeVirtual || !info.IsVirtual);

    /// <summary>Classifies an interface by its type and name, as libjingle's network.cc does.</summary>
    public static NetworkAdapterType Classify(string name, NetworkInterfaceType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (type == NetworkInterfaceType.Loopback || name == "lo")
        {
            return NetworkAdapterType.Loopback;
        }

        if (VirtualPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return NetworkAdapterType.Virtual;
        }

        if (VpnPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) || type is NetworkInterfaceType.Tunnel or NetworkInterfaceType.Ppp)
        {
            return NetworkAdapterType.Vpn;
        }

        if (type == NetworkInterfaceType.Wireless80211 || name.StartsWith("wl", StringComparison.Ordinal))
        {
            return NetworkAdapterType.Wifi;
        }

        if (type is NetworkInterfaceType.Wwanpp or NetworkInterfaceType.Wwanpp2 || name.StartsWith("rmnet", StringComparison.Ordinal) || name.StartsWith("wwan", StringComparison.Ordinal))
        {
            return NetworkAdapterType.Cellular;
        }

        return type == NetworkInterfaceType.Ethernet ? NetworkAdapterType.Ethernet : NetworkAdapterType.Unknown;
    }

    private static NetworkInfo Describe(NetworkInterface nic, NetworkFilter filter)
    {
        var addresses = new List<NetworkAddress>();
        foreach (UnicastIPAddressInformation unicast in nic.GetIPProperties().UnicastAddresses)
        {
            IPAddress address = unicast.Address;
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                if (!filter.IncludeIPv6 || (address.IsIPv6LinkLocal && !filter.IncludeLinkLocal))
                {
                    continue;
                }
            }
            else if (address.AddressFamily != AddressFamily.InterNetwork)
            {
                continue;
            }

            addresses.Add(new NetworkAddress(address, unicast.PrefixLength));
        }

        bool up = nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown;
        return new NetworkInfo(nic.Name, nic.GetIPProperties().GetIPv4Properties()?.Index ?? 0, Classify(nic.Name, nic.NetworkInterfaceType), up, addresses);
    }
}
