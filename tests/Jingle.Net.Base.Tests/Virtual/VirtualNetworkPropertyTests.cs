using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

public sealed class VirtualNetworkPropertyTests
{
    private static readonly IPAddress NatAddress = IPAddress.Parse("203.0.113.1");
    private static readonly IPAddress ServerAddress = IPAddress.Parse("198.51.100.1");

    /// <summary>
    /// Whatever the seed, impairments and NAT: every datagram is accounted for exactly once once the network is idle
    /// (sent + duplicated = delivered + dropped), and nothing is left in flight.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property EveryDatagramIsDeliveredOrDroppedExactlyOnce()
    {
        Gen<double> rate = Gen.Choose(0, 30).Select(n => n / 100.0);
        Gen<(int Seed, double Loss, double Duplicate, double Reorder, int DelayMs, int JitterMs, int KbitPerSecond, NatType Nat)> scenario =
            from seed in Gen.Choose(0, int.MaxValue)
            from loss in rate
            from duplicate in rate
            from reorder in rate
            from delay in Gen.Choose(0, 50)
            from jitter in Gen.Choose(0, 20)
            from kbit in Gen.Elements(0, 500, 5000)
            from nat in Gen.Elements(NatType.FullCone, NatType.PortRestrictedCone, NatType.Symmetric, NatType.UdpBlocked, NatType.Open)
            select (seed, loss, duplicate, reorder, delay, jitter, kbit, nat);

        return Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var time = new FakeTimeProvider();
            using var net = new VirtualNetwork(time, s.Seed);
            VirtualRouter router = net.AddNat("nat", NatAddress, s.Nat);
            VirtualHost client = net.AddHost("client", IPAddress.Parse("10.0.0.2"), router);
            VirtualHost server = net.AddHost("server", ServerAddress);
            net.SetLinkConditions(client, new LinkConditions
            {
                LossRate = s.Loss,
                DuplicateRate = s.Duplicate,
                ReorderRate = s.Reorder,
                Delay = TimeSpan.FromMilliseconds(s.DelayMs),
                Jitter = TimeSpan.FromMilliseconds(s.JitterMs),
                BandwidthBitsPerSecond = s.KbitPerSecond * 1000L,
            });
            using IUdpSocket c = client.BindUdp(new IPEndPoint(IPAddress.Any, 0));
            using IUdpSocket srv = server.BindUdp(new IPEndPoint(IPAddress.Any, 3478));
            srv.Start((socket, packet, remote, _) => socket.SendTo(packet, remote)); // echo
            int echoes = 0;
            c.Start((_, _, _, _) => echoes++);

            for (int i = 0; i < 100; i++)
            {
                c.SendTo(new byte[200], new IPEndPoint(ServerAddress, 3478));
                time.Advance(TimeSpan.FromMilliseconds(2));
            }

            time.AdvanceInSteps(TimeSpan.FromSeconds(3));
            VirtualNetworkStatistics st = net.Statistics;
            bool conserved = st.PacketsSent + st.PacketsDuplicated == st.PacketsDelivered + st.PacketsDropped;
            bool echoesCounted = echoes == c.Statistics.PacketsReceived && echoes <= st.PacketsDelivered;
            bool blocked = s.Nat != NatType.UdpBlocked || st.PacketsDelivered == 0;
            return conserved && echoesCounted && blocked && net.PendingCount == 0;
        });
    }

    [Fact]
    public void NestedNat_ServerSeesTheCarrierGradeNatAddress_AndRepliesFindTheWayBack()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time, seed: 21);
        VirtualRouter cgn = net.AddNat("cgn", IPAddress.Parse("203.0.113.100"), NatType.PortRestrictedCone);
        VirtualRouter home = net.AddNat("home", IPAddress.Parse("100.64.0.2"), NatType.FullCone, parent: cgn);
        VirtualHost phone = net.AddHost("phone", IPAddress.Parse("192.168.0.10"), home);
        VirtualHost server = net.AddHost("server", ServerAddress);
        using IUdpSocket p = phone.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        using IUdpSocket s = server.BindUdp(new IPEndPoint(IPAddress.Any, 3478));
        PacketRecorder serverRx = PacketRecorder.Start(s);
        PacketRecorder phoneRx = PacketRecorder.Start(p);

        p.SendTo([1], new IPEndPoint(ServerAddress, 3478));
        time.Advance(TimeSpan.FromMilliseconds(1));
        IPEndPoint seen = serverRx.LastFrom!;
        s.SendTo([2], seen);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(IPAddress.Parse("203.0.113.100"), seen.Address);
        Assert.Equal([2], Assert.Single(phoneRx.Packets).Payload);
        Assert.Equal(new IPEndPoint(ServerAddress, 3478), phoneRx.LastFrom);
        Assert.Equal(1, cgn.MappingCount);
        Assert.Equal(1, home.MappingCount);
        Assert.Same(cgn, home.Parent);
        Assert.Equal(0, net.PendingCount);
    }
}
