using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

/// <summary>The RFC 4787 behaviours of each NAT preset, probed from three outside endpoints.</summary>
public sealed class NatBehaviorTests : IDisposable
{
    private static readonly IPAddress NatAddress = IPAddress.Parse("203.0.113.1");
    private static readonly IPAddress InsideAddress = IPAddress.Parse("192.168.1.2");
    private static readonly IPAddress Server1 = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress Server2 = IPAddress.Parse("198.51.100.2");

    private readonly FakeTimeProvider _time = new();
    private readonly VirtualNetwork _net;
    private readonly List<IUdpSocket> _sockets = [];
    private readonly Dictionary<IUdpSocket, PacketRecorder> _recorders = [];

    public NatBehaviorTests() => _net = new VirtualNetwork(_time, seed: 7);

    public void Dispose()
    {
        foreach (IUdpSocket socket in _sockets)
        {
            socket.Dispose();
        }

        Assert.Equal(0, _net.PendingCount);
        _net.Dispose();
    }

    // Who may send to the mapping once the inside host has sent to S1:1000 only.
    [Theory]
    [InlineData(NatType.FullCone, true, true, true)]
    [InlineData(NatType.RestrictedCone, true, true, false)]
    [InlineData(NatType.PortRestrictedCone, true, false, false)]
    [InlineData(NatType.Symmetric, true, false, false)]
    public void Filtering_AfterInsideSentToS1Port1000(NatType type, bool fromSamePort, bool fromSameAddressOtherPort, bool fromOtherAddress)
    {
        (IUdpSocket inside, PacketRecorder insideRx, IUdpSocket s1a, IUdpSocket s1b, IUdpSocket s2, PacketRecorder s1aRx) = Setup(type);

        // Before the inside host sent anything, no mapping exists: the first port the NAT would hand out is closed.
        s1a.SendTo([0], new IPEndPoint(NatAddress, 20000));
        Step();
        Assert.Equal(0, insideRx.Count);
        Assert.Equal(1, _net.Statistics.GetDropped(VirtualDropReason.NoMapping));

        inside.SendTo([1], new IPEndPoint(Server1, 1000));
        Step();
        IPEndPoint mapped = Assert.Single(s1aRx.Packets).From;
        Assert.Equal(NatAddress, mapped.Address);

        Assert.Equal(fromSamePort, Reaches(s1a, mapped, insideRx));
        Assert.Equal(fromSameAddressOtherPort, Reaches(s1b, mapped, insideRx));
        Assert.Equal(fromOtherAddress, Reaches(s2, mapped, insideRx));
        long filtered = _net.Statistics.GetDropped(VirtualDropReason.Filtered);
        Assert.Equal(new[] { fromSamePort, fromSameAddressOtherPort, fromOtherAddress }.Count(x => !x), filtered);
    }

    // Whether a second destination gets the same external mapping (RFC 4787 §4.1).
    [Theory]
    [InlineData(NatType.FullCone, true, true)]
    [InlineData(NatType.RestrictedCone, true, true)]
    [InlineData(NatType.PortRestrictedCone, true, true)]
    [InlineData(NatType.Symmetric, false, false)]
    public void Mapping_ReusedAcrossDestinations(NatType type, bool sameForOtherPort, bool sameForOtherAddress)
    {
        (IUdpSocket inside, _, IUdpSocket s1a, IUdpSocket s1b, IUdpSocket s2, _) = Setup(type);
        var rb = new PacketRecorder();
        var rc = new PacketRecorder();
        s1b.Start(rb.OnPacket);
        s2.Start(rc.OnPacket);

        inside.SendTo([1], new IPEndPoint(Server1, 1000));
        inside.SendTo([2], new IPEndPoint(Server1, 1001));
        inside.SendTo([3], new IPEndPoint(Server2, 1000));
        Step();

        IPEndPoint toS1a = GetRecorder(s1a).LastFrom!;
        Assert.Equal(sameForOtherPort, toS1a.Equals(rb.LastFrom));
        Assert.Equal(sameForOtherAddress, toS1a.Equals(rc.LastFrom));
        Assert.Equal(sameForOtherPort ? 1 : 3, _net.GetHost("inside").Router!.MappingCount);
    }

    [Fact]
    public void AddressDependentMapping_SharesPerAddress()
    {
        VirtualRouter nat = _net.AddNat("nat", NatAddress, new NatBehavior(NatMappingBehavior.AddressDependent, NatFilteringBehavior.AddressDependent));
        VirtualHost host = _net.AddHost("inside", InsideAddress, nat);
        IUdpSocket inside = Track(host.BindUdp(new IPEndPoint(IPAddress.Any, 5000)));
        (IUdpSocket s1a, PacketRecorder r1a) = Outside("s1", Server1, 1000);
        IUdpSocket s1b = Track(_net.GetHost("s1").BindUdp(new IPEndPoint(IPAddress.Any, 1001)));
        PacketRecorder r1b = PacketRecorder.Start(s1b);
        (_, PacketRecorder r2) = Outside("s2", Server2, 1000);

        inside.SendTo([1], new IPEndPoint(Server1, 1000));
        inside.SendTo([1], new IPEndPoint(Server1, 1001));
        inside.SendTo([1], new IPEndPoint(Server2, 1000));
        Step();

        Assert.NotNull(r1a.LastFrom);
        Assert.NotNull(r2.LastFrom);
        Assert.Equal(r1a.LastFrom, r1b.LastFrom);
        Assert.NotEqual(r1a.LastFrom, r2.LastFrom);
        Assert.Equal(2, nat.MappingCount);
    }

    [Fact]
    public void Open_HostIsReachableAtItsOwnAddress_WithoutSendingFirst()
    {
        VirtualRouter router = _net.AddNat("open", NatAddress, NatType.Open);
        VirtualHost host = _net.AddHost("inside", IPAddress.Parse("198.18.0.2"), router);
        IUdpSocket inside = Track(host.BindUdp(new IPEndPoint(IPAddress.Any, 5000)));
        PacketRecorder insideRx = PacketRecorder.Start(inside);
        (IUdpSocket s1, PacketRecorder s1Rx) = Outside("s1", Server1, 1000);

        s1.SendTo([1], new IPEndPoint(host.Address, 5000));
        inside.SendTo([2], new IPEndPoint(Server1, 1000));
        Step();

        Assert.Equal(1, insideRx.Count);
        Assert.Equal(new IPEndPoint(host.Address, 5000), s1Rx.LastFrom);
        Assert.Equal(0, router.MappingCount);
    }

    [Fact]
    public void UdpBlocked_DropsUdpBothWays()
    {
        (IUdpSocket inside, PacketRecorder insideRx, IUdpSocket s1a, _, _, PacketRecorder s1aRx) = Setup(NatType.UdpBlocked);

        inside.SendTo([1], new IPEndPoint(Server1, 1000));
        s1a.SendTo([1], new IPEndPoint(NatAddress, 20000));
        Step();

        Assert.Equal(0, s1aRx.Count);
        Assert.Equal(0, insideRx.Count);
        Assert.Equal(2, _net.Statistics.GetDropped(VirtualDropReason.UdpBlocked));
    }

    [Fact]
    public void Mapping_TimesOutAfterIdle_AndOutboundTrafficRefreshesIt()
    {
        (IUdpSocket inside, PacketRecorder insideRx, IUdpSocket s1a, _, _, PacketRecorder s1aRx) = Setup(NatType.PortRestrictedCone);
        inside.SendTo([1], new IPEndPoint(Server1, 1000));
        Step();
        IPEndPoint mapped = s1aRx.LastFrom!;

        _time.Advance(TimeSpan.FromSeconds(100));
        inside.SendTo([2], new IPEndPoint(Server1, 1000)); // refresh (RFC 4787 REQ-6)
        Step();
        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.True(Reaches(s1a, mapped, insideRx));

        _time.Advance(TimeSpan.FromSeconds(121)); // idle past 2 minutes (REQ-5)
        Assert.False(Reaches(s1a, mapped, insideRx));
        Assert.Equal(1, _net.Statistics.GetDropped(VirtualDropReason.NoMapping));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Hairpinning_ReachesAnotherInsideHostThroughTheExternalAddress(bool hairpinning)
    {
        VirtualRouter nat = _net.AddNat("nat", NatAddress, NatBehavior.FromType(NatType.FullCone) with { Hairpinning = hairpinning });
        IUdpSocket a = Track(_net.AddHost("a", InsideAddress, nat).BindUdp(new IPEndPoint(IPAddress.Any, 5000)));
        IUdpSocket b = Track(_net.AddHost("b", IPAddress.Parse("192.168.1.3"), nat).BindUdp(new IPEndPoint(IPAddress.Any, 5000)));
        PacketRecorder bRx = PacketRecorder.Start(b);
        (_, PacketRecorder serverRx) = Outside("s1", Server1, 1000);

        b.SendTo([0], new IPEndPoint(Server1, 1000)); // opens b's mapping
        a.SendTo([0], new IPEndPoint(Server1, 1000)); // opens a's mapping
        Step();
        IPEndPoint bMapped = serverRx.Packets[0].From;
        IPEndPoint aMapped = serverRx.Packets[1].From;
        a.SendTo([1], bMapped);
        Step();

        Assert.Equal(hairpinning ? 1 : 0, bRx.Count);
        if (hairpinning)
        {
            Assert.Equal(aMapped, bRx.LastFrom); // RFC 4787 REQ-9: the external source, not the private one
        }
        else
        {
            Assert.Equal(1, _net.Statistics.GetDropped(VirtualDropReason.NoHairpin));
        }
    }

    [Fact]
    public void TwoNats_MayUseTheSamePrivateAddress_AndHolePunchingWorks()
    {
        VirtualRouter natA = _net.AddNat("nat-a", NatAddress, NatType.PortRestrictedCone);
        VirtualRouter natB = _net.AddNat("nat-b", IPAddress.Parse("203.0.113.2"), NatType.PortRestrictedCone);
        IUdpSocket a = Track(_net.AddHost("a", InsideAddress, natA).BindUdp(new IPEndPoint(IPAddress.Any, 5000)));
        IUdpSocket b = Track(_net.AddHost("b", InsideAddress, natB).BindUdp(new IPEndPoint(IPAddress.Any, 5000)));
        PacketRecorder aRx = PacketRecorder.Start(a);
        PacketRecorder bRx = PacketRecorder.Start(b);
        (_, PacketRecorder serverRx) = Outside("stun", Server1, 3478);

        a.SendTo([0], new IPEndPoint(Server1, 3478));
        b.SendTo([0], new IPEndPoint(Server1, 3478));
        Step();
        IPEndPoint aMapped = serverRx.Packets[0].From;
        IPEndPoint bMapped = serverRx.Packets[1].From;

        a.SendTo([1], bMapped); // dropped by B's NAT, but opens A's filter for B
        Step();
        b.SendTo([2], aMapped);
        Step();
        a.SendTo([3], bMapped);
        Step();

        Assert.Equal([2], Assert.Single(aRx.Packets).Payload);
        Assert.Equal([3], Assert.Single(bRx.Packets).Payload);
        Assert.Equal(1, _net.Statistics.GetDropped(VirtualDropReason.Filtered));
    }

    private (IUdpSocket Inside, PacketRecorder InsideRx, IUdpSocket S1a, IUdpSocket S1b, IUdpSocket S2, PacketRecorder S1aRx) Setup(NatType type)
    {
        VirtualRouter nat = _net.AddNat("nat", NatAddress, type);
        VirtualHost host = _net.AddHost("inside", InsideAddress, nat);
        IUdpSocket inside = Track(host.BindUdp(new IPEndPoint(IPAddress.Any, 5000)));
        PacketRecorder insideRx = PacketRecorder.Start(inside);
        (IUdpSocket s1a, PacketRecorder s1aRx) = Outside("s1", Server1, 1000);
        IUdpSocket s1b = Track(_net.GetHost("s1").BindUdp(new IPEndPoint(IPAddress.Any, 1001)));
        IUdpSocket s2 = Track(_net.AddHost("s2", Server2).BindUdp(new IPEndPoint(IPAddress.Any, 1000)));
        _recorders[s1a] = s1aRx;
        return (inside, insideRx, s1a, s1b, s2, s1aRx);
    }

    private PacketRecorder GetRecorder(IUdpSocket socket) => _recorders[socket];

    private (IUdpSocket Socket, PacketRecorder Recorder) Outside(string name, IPAddress address, int port)
    {
        VirtualHost host = _net.AddHost(name, address);
        IUdpSocket socket = Track(host.BindUdp(new IPEndPoint(IPAddress.Any, port)));
        return (socket, PacketRecorder.Start(socket));
    }

    private bool Reaches(IUdpSocket from, IPEndPoint mapped, PacketRecorder insideRx)
    {
        int before = insideRx.Count;
        from.SendTo([9], mapped);
        Step();
        return insideRx.Count == before + 1;
    }

    private IUdpSocket Track(IUdpSocket socket)
    {
        _sockets.Add(socket);
        return socket;
    }

    private void Step() => _time.Advance(TimeSpan.FromMilliseconds(1));
}
