using System.Net;

namespace Jingle.Net.Base.Networking;

/// <summary>The kind of a network interface, libjingle's AdapterType.</summary>
public enum NetworkAdapterType
{
    Unknown,
    Ethernet,
    Wifi,
    Cellular,
    Vpn,
    Loopback,
    Virtual,
}

/// <summary>One address on an interface with its prefix length.</summary>
public sealed record NetworkAddress(IPAddress Address, int PrefixLength);

/// <summary>A network interface and its addresses.</summary>
public sealed record NetworkInfo(
    string Name,
    int Index,
    NetworkAdapterType AdapterType,
    bool IsUp,
    IReadOnlyList<NetworkAddress> Addresses)
{
    public bool IsLoopback => AdapterType == NetworkAdapterType.Loopback;

    public bool IsVirtual => AdapterType == NetworkAdapterType.Virtual;

    /// <summary>ICE network cost (RFC 8421-style, libwebrtc's values): lower is preferred.</summary>
    public int NetworkCost => AdapterType switch
    {
        NetworkAdapterType.Ethernet or NetworkAdapterType.Loopback => 0,
        NetworkAdapterType.Wifi => 10,
        NetworkAdapterType.Cellular => 900,
        NetworkAdapterType.Vpn or NetworkAdapterType.Virtual => 10,
        _ => 10,
    };
}

/// <summary>Which networks <see cref="INetworkManager.GetNetworks"/> returns.</summary>
public sealed record NetworkFilter
{
    public bool IncludeLoopback { get; init; }

    public bool IncludeDown { get; init; }

    public bool IncludeVirtual { get; init; }

    public bool IncludeIPv6 { get; init; } = true;

    /// <summary>Link-local IPv6 (fe80::/10) addresses; off by default as libwebrtc does.</summary>
    public bool IncludeLinkLocal { get; init; }

    public static NetworkFilter Default { get; } = new();

    /// <summary>Only interfaces that are not loopback; set false (with <see cref="IncludeLoopback"/>) for loopback alone.</summary>
    public bool IncludeNonLoopback { get; init; } = true;

    /// <summary>The default networks plus loopback.</summary>
    public static NetworkFilter WithLoopback { get; } = new() { IncludeLoopback = true };

    /// <summary>Loopback interfaces alone: traffic never leaves the host (demos, tests).</summary>
    public static NetworkFilter LoopbackOnly { get; } = new() { IncludeLoopback = true, IncludeNonLoopback = false };
}
