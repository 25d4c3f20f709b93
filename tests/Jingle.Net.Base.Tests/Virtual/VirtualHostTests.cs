using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

public sealed class VirtualHostTests
{
    private static readonly IPAddress Address = IPAddress.Parse("192.168.1.2");

    [Fact]
    public void BindUdp_EphemeralPortsAreDistinct_AndTakenPortsAreRefused()
    {
        using var net = new VirtualNetwork(new FakeTimeProvider());
        VirtualHost host = net.AddHost("h", Address);
        using IUdpSocket s1 = host.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        using IUdpSocket s2 = host.BindUdp(new IPEndPoint(Address, 0));
        using IUdpSocket fixedPort = host.BindUdp(new IPEndPoint(IPAddress.Any, 3478));

        Assert.InRange(s1.LocalEndPoint.Port, 49152, 65535);
        Assert.NotEqual(s1.LocalEndPoint.Port, s2.LocalEndPoint.Port);
        Assert.Equal(new IPEndPoint(Address, s2.LocalEndPoint.Port), s2.LocalEndPoint);
        var e = Assert.Throws<SocketException>(() => host.BindUdp(new IPEndPoint(IPAddress.Any, 3478)));
        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
        e = Assert.Throws<SocketException>(() => host.BindUdp(new IPEndPoint(IPAddress.Parse("10.9.9.9"), 0)));
        Assert.Equal(SocketError.AddressNotAvailable, e.SocketErrorCode);
        Assert.Equal(3, host.UdpSocketCount);
    }

    [Fact]
    public void BindUdp_PortRange_TakesTheFirstFreePort_AndFailsWhenFull()
    {
        using var net = new VirtualNetwork(new FakeTimeProvider());
        VirtualHost host = net.AddHost("h", Address);
        using IUdpSocket blocker = host.BindUdp(new IPEndPoint(IPAddress.Any, 10000));

        using IUdpSocket s1 = host.BindUdp(IPAddress.Any, 10000, 10001);
        Assert.Equal(10001, s1.LocalEndPoint.Port);
        Assert.Throws<SocketException>(() => host.BindUdp(IPAddress.Any, 10000, 10001));
        Assert.Throws<ArgumentOutOfRangeException>(() => host.BindUdp(IPAddress.Any, 10001, 10000));
    }

    [Fact]
    public void GetNetworks_ReportsTheInterface_AndLoopbackOnlyWhenAsked()
    {
        using var net = new VirtualNetwork(new FakeTimeProvider());
        VirtualHost host = net.AddHost("h", Address, adapterType: NetworkAdapterType.Wifi);

        NetworkInfo eth = Assert.Single(host.GetNetworks());
        Assert.Equal(Address, Assert.Single(eth.Addresses).Address);
        Assert.Equal(NetworkAdapterType.Wifi, eth.AdapterType);
        IReadOnlyList<NetworkInfo> withLoopback = host.GetNetworks(NetworkFilter.WithLoopback);
        Assert.Equal(2, withLoopback.Count);
        Assert.Contains(withLoopback, n => n.IsLoopback && n.Addresses[0].Address.Equals(IPAddress.Loopback));
    }

    [Fact]
    public void CreateEnvironment_UsesTheNetworkClock_AndAStablePerHostSeed()
    {
        var time = new FakeTimeProvider();
        using var net1 = new VirtualNetwork(time, seed: 5);
        using var net2 = new VirtualNetwork(time, seed: 5);
        JingleEnvironment e1 = net1.AddHost("alice", Address).CreateEnvironment();
        JingleEnvironment e2 = net2.AddHost("alice", Address).CreateEnvironment();
        JingleEnvironment e3 = net2.AddHost("bob", IPAddress.Parse("192.168.1.3")).CreateEnvironment();

        Assert.Same(time, e1.TimeProvider);
        Assert.IsType<VirtualHost>(e1.SocketFactory);
        Assert.Same(e1.SocketFactory, e1.NetworkManager);
        string a = e1.Random.NextIceString(16);
        Assert.Equal(a, e2.Random.NextIceString(16));
        Assert.NotEqual(a, e3.Random.NextIceString(16));

        // A second environment on the same host draws its own stream (two agents must not share credentials).
        JingleEnvironment again = net1.GetHost("alice").CreateEnvironment();
        Assert.NotEqual(a, again.Random.NextIceString(16));
    }

    [Fact]
    public void AddHost_DuplicateAddressInOneRealm_IsRejected_ButBehindAnotherNatIsFine()
    {
        using var net = new VirtualNetwork(new FakeTimeProvider());
        VirtualRouter n1 = net.AddNat("n1", IPAddress.Parse("203.0.113.1"), NatType.FullCone);
        VirtualRouter n2 = net.AddNat("n2", IPAddress.Parse("203.0.113.2"), NatType.FullCone);
        net.AddHost("a", Address, n1);
        net.AddHost("b", Address, n2);

        Assert.Throws<ArgumentException>(() => net.AddHost("c", Address, n1));
        Assert.Throws<ArgumentException>(() => net.AddHost("a", IPAddress.Parse("192.168.1.9"), n1));
        Assert.Throws<ArgumentException>(() => net.AddNat("n3", IPAddress.Parse("203.0.113.1"), NatType.FullCone));
    }
}
