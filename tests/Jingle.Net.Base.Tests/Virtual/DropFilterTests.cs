using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

public sealed class DropFilterTests
{
    private static readonly IPAddress AddressA = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress AddressB = IPAddress.Parse("198.51.100.2");

    [Fact]
    public void DropNext_DropsOnlyTheFirstMatchingPacket()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        (IUdpSocket a, PacketRecorder rb, IUdpSocket b) = Pair(net);

        net.DropNext(p => p.Payload.Span[0] == 2 && p.SenderName == "a");
        for (byte i = 1; i <= 3; i++)
        {
            a.SendTo([i], new IPEndPoint(AddressB, 9000));
            a.SendTo([2], new IPEndPoint(AddressB, 9000));
        }

        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([1, 2, 2, 3, 2], rb.Packets.Select(p => p.Payload[0]));
        Assert.Equal(1, net.Statistics.GetDropped(VirtualDropReason.Filter));
        Assert.Equal(0, net.PendingDropNextCount);
        b.Dispose();
        a.Dispose();
    }

    [Fact]
    public void DropFilter_SeesTheSendersOwnEndpoints_AndStopsWhenDisposed()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        (IUdpSocket a, PacketRecorder rb, IUdpSocket b) = Pair(net);
        var seen = new List<VirtualPacket>();

        IDisposable filter = net.AddDropFilter(p =>
        {
            seen.Add(p with { Payload = p.Payload.ToArray() });
            return true;
        });
        a.SendTo([1], new IPEndPoint(AddressB, 9000));
        a.SendTo([2], new IPEndPoint(AddressB, 9000));
        time.Advance(TimeSpan.FromMilliseconds(1));
        filter.Dispose();
        a.SendTo([3], new IPEndPoint(AddressB, 9000));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([3], Assert.Single(rb.Packets).Payload);
        Assert.Equal(2, seen.Count);
        Assert.Equal(new IPEndPoint(AddressA, a.LocalEndPoint.Port), seen[0].Source);
        Assert.Equal(new IPEndPoint(AddressB, 9000), seen[0].Destination);
        Assert.Equal([2], seen[1].Payload.ToArray());
        Assert.Equal(2, net.Statistics.GetDropped(VirtualDropReason.Filter));
        b.Dispose();
        a.Dispose();
    }

    private static (IUdpSocket A, PacketRecorder Rb, IUdpSocket B) Pair(VirtualNetwork net)
    {
        IUdpSocket a = net.AddHost("a", AddressA).BindUdp(new IPEndPoint(IPAddress.Any, 0));
        IUdpSocket b = net.AddHost("b", AddressB).BindUdp(new IPEndPoint(IPAddress.Any, 9000));
        return (a, PacketRecorder.Start(b), b);
    }
}
