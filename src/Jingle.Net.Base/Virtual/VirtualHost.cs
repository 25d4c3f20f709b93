using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// A host on a <see cref="VirtualNetwork"/>: one interface with <see cref="Address"/> (plus loopback). It is the
/// host's <see cref="IPacketSocketFactory"/> and <see cref="INetworkManager"/>; <see cref="CreateEnvironment"/> bundles
/// it with the network's clock and a per-host seeded random source for the code under test.
/// </summary>
public sealed partial class VirtualHost : IPacketSocketFactory, INetworkManager
{
    private const int FirstEphemeralPort = 49152;
    private const int LastPort = 65535;
    private readonly Dictionary<int, VirtualUdpSocket> _udpSockets = [];
    private readonly int _seed;
    private int _nextUdpPort = FirstEphemeralPort;
    private int _environments;

    internal VirtualHost(VirtualNetwork network, string name, IPAddress address, VirtualRouter? router, Realm realm,
        NetworkAdapterType adapterType, int seed)
    {
        Network = network;
        Name = name;
        Address = address;
        Router = router;
        Realm = realm;
        AdapterType = adapterType;
        _seed = seed;
    }

    /// <summary>The network the host is on.</summary>
    public VirtualNetwork Network { get; }

    /// <summary>The host's name.</summary>
    public string Name { get; }

    /// <summary>The interface address (private when behind a NAT).</summary>
    public IPAddress Address { get; }

    /// <summary>The router the host sits behind, or null when it is on the open internet.</summary>
    public VirtualRouter? Router { get; }

    /// <summary>The adapter type reported by <see cref="GetNetworks"/> (affects ICE network cost).</summary>
    public NetworkAdapterType AdapterType { get; }

    /// <summary>The impairments of the host's access link (<see cref="VirtualNetwork.SetLinkConditions"/>).</summary>
    public LinkConditions LinkConditions => Link;

    /// <summary>UDP sockets bound and not yet disposed (for leak checks at the end of a test).</summary>
    public int UdpSocketCount
    {
        get { lock (Network.Sync) { return _udpSockets.Count; } }
    }

    internal Realm Realm { get; }

    internal LinkConditions Link { get; set; } = LinkConditions.Perfect;

    internal long UplinkBusyUntil { get; set; }

    internal long DownlinkBusyUntil { get; set; }

    /// <summary>
    /// An environment for code running on this host: the network's clock, a random source seeded from the network's
    /// seed and the host's name, and this host as socket factory and network manager.
    /// </summary>
    /// <remarks>
    /// Each call gets its own random stream (the n-th environment of a host is seeded from the network seed, the host
    /// name and n), so two agents on one host never draw the same credentials, and a rerun draws the same ones.
    /// </remarks>
    public JingleEnvironment CreateEnvironment(ILoggerFactory? loggerFactory = null)
    {
        int index = Interlocked.Increment(ref _environments) - 1;
        int seed = index == 0 ? _seed : unchecked((_seed * -1640531535) + index); // not HashCode: it is randomized per process
        return new(Network.TimeProvider, loggerFactory ?? Network.LoggerFactory, RandomSource.CreateSeeded(seed), this, this);
    }

    /// <inheritdoc />
    public IUdpSocket BindUdp(IPEndPoint localEndPoint, UdpSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        CheckLocalAddress(localEndPoint.Address);
        lock (Network.Sync)
        {
            int port = localEndPoint.Port;
            if (port == 0)
            {
                port = AllocateUdpPortLocked();
            }
            else if (_udpSockets.ContainsKey(port))
            {
                throw new SocketException((int)SocketError.AddressAlreadyInUse);
            }

            return BindLocked(localEndPoint.Address, port, options);
        }
    }

    /// <inheritdoc />
    public IUdpSocket BindUdp(IPAddress address, int minPort, int maxPort, UdpSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPort, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPort, LastPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minPort, maxPort);
        if (minPort == 0 && maxPort == 0)
        {
            return BindUdp(new IPEndPoint(address, 0), options);
        }

        CheckLocalAddress(address);
        lock (Network.Sync)
        {
            for (int port = Math.Max(minPort, 1); port <= maxPort; port++)
            {
                if (!_udpSockets.ContainsKey(port))
                {
                    return BindLocked(address, port, options);
                }
            }
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse, $"No free UDP port on {address} in {minPort}-{maxPort}.");
    }

    /// <inheritdoc />
    public IReadOnlyList<NetworkInfo> GetNetworks(NetworkFilter? filter = null)
    {
        filter ??= NetworkFilter.Default;
        var result = new List<NetworkInfo>(2);
        if (Address.AddressFamily == AddressFamily.InterNetwork || filter.IncludeIPv6)
        {
            int prefix = Address.AddressFamily == AddressFamily.InterNetwork ? 24 : 64;
            var eth = new NetworkInfo("eth0", 1, AdapterType, true, [new NetworkAddress(Address, prefix)]);
            if (NetworkManager.Passes(eth, filter))
            {
                result.Add(eth);
            }
        }

        var lo = new NetworkInfo("lo", 0, NetworkAdapterType.Loopback, true, [new NetworkAddress(IPAddress.Loopback, 8)]);
        if (NetworkManager.Passes(lo, filter))
        {
            result.Add(lo);
        }

        return result;
    }

    internal VirtualUdpSocket? FindUdpSocketLocked(IPEndPoint destination) =>
        _udpSockets.TryGetValue(destination.Port, out VirtualUdpSocket? socket) && socket.Accepts(destination.Address) ? socket : null;

    internal void RemoveUdpSocket(VirtualUdpSocket socket)
    {
        lock (Network.Sync)
        {
            if (_udpSockets.TryGetValue(socket.LocalEndPoint.Port, out VirtualUdpSocket? bound) && bound == socket)
            {
                _udpSockets.Remove(socket.LocalEndPoint.Port);
            }
        }
    }

    private VirtualUdpSocket BindLocked(IPAddress address, int port, UdpSocketOptions? options)
    {
        var socket = new VirtualUdpSocket(this, new IPEndPoint(address, port), options ?? new UdpSocketOptions());
        _udpSockets.Add(port, socket);
        return socket;
    }

    private int AllocateUdpPortLocked()
    {
        for (int attempt = 0; attempt <= LastPort - FirstEphemeralPort; attempt++)
        {
            int port = _nextUdpPort;
            _nextUdpPort = port == LastPort ? FirstEphemeralPort : port + 1;
            if (!_udpSockets.ContainsKey(port))
            {
                return port;
            }
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse, $"No free ephemeral UDP port on {Name}.");
    }

    private void CheckLocalAddress(IPAddress address)
    {
        if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(address) && !address.Equals(Address))
        {
            throw new SocketException((int)SocketError.AddressNotAvailable, $"{address} is not an address of virtual host '{Name}'.");
        }
    }

    public override string ToString() => $"{Name} ({Address}{(Router is null ? "" : " behind " + Router.Name)})";
}
