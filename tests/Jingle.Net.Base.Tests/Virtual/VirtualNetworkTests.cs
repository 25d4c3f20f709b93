using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

public sealed class VirtualNetworkTests
{
    private static readonly IPAddress AddressA = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress AddressB = IPAddress.Parse("198.51.100.2");

    [Fact]
    public void Udp_BetweenInternetHosts_ArrivesAfterTheLinkDelays()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time, seed: 1);
        VirtualHost a = net.AddHost("a", AddressA);
        VirtualHost b = net.AddHost("b", AddressB);
        net.SetLinkConditions(a, new LinkConditions { Delay = TimeSpan.FromMilliseconds(10) });
        net.SetLinkConditions(b, new LinkConditions { Delay = TimeSpan.FromMilliseconds(15) });
        using IUdpSocket sa = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        using IUdpSocket sb = b.BindUdp(new IPEndPoint(IPAddress.Any, 5000));
        PacketRecorder rb = PacketRecorder.Start(sb);

        Assert.True(sa.SendTo([1, 2, 3], new IPEndPoint(AddressB, 5000)));
        time.Advance(TimeSpan.FromMilliseconds(24));
        Assert.Equal(0, rb.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var packet = Assert.Single(rb.Packets);
        Assert.Equal([1, 2, 3], packet.Payload);
        Assert.Equal(new IPEndPoint(AddressA, sa.LocalEndPoint.Port), packet.From);
        Assert.Equal(1, net.Statistics.PacketsDelivered);
        Assert.Equal(1, sb.Statistics.PacketsReceived);
        Assert.Equal(1, sa.Statistics.PacketsSent);
        Assert.Equal(0, net.PendingCount);
    }

    [Fact]
    public void SendTo_NeverDeliversInline_EvenWithZeroDelay()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        VirtualHost a = net.AddHost("a", AddressA);
        VirtualHost b = net.AddHost("b", AddressB);
        using IUdpSocket sa = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        using IUdpSocket sb = b.BindUdp(new IPEndPoint(AddressB, 7));
        PacketRecorder rb = PacketRecorder.Start(sb);

        sa.SendTo([9], new IPEndPoint(AddressB, 7));
        Assert.Equal(0, rb.Count);
        Assert.Equal(1, net.PendingCount);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, rb.Count);
        Assert.Equal(0, net.PendingCount);
    }

    [Fact]
    public void Udp_ToUnboundPort_IsDroppedAsPortUnreachable_AndToUnknownAddressAsNoRoute()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        VirtualHost a = net.AddHost("a", AddressA);
        net.AddHost("b", AddressB);
        using IUdpSocket sa = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));

        sa.SendTo([1], new IPEndPoint(AddressB, 9));
        sa.SendTo([1], new IPEndPoint(IPAddress.Parse("192.0.2.99"), 9));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, net.Statistics.GetDropped(VirtualDropReason.PortUnreachable));
        Assert.Equal(1, net.Statistics.GetDropped(VirtualDropReason.NoRoute));
        Assert.Equal(0, net.Statistics.PacketsDelivered);
        Assert.Equal(0, net.PendingCount);
    }

    [Fact]
    public void Udp_ToLoopbackAndOwnAddress_ReachesTheSameHost()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        VirtualHost a = net.AddHost("a", AddressA);
        net.SetLinkConditions(a, new LinkConditions { LossRate = 1 });
        using IUdpSocket s1 = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        using IUdpSocket s2 = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        PacketRecorder r2 = PacketRecorder.Start(s2);

        s1.SendTo([1], new IPEndPoint(IPAddress.Loopback, s2.LocalEndPoint.Port));
        s1.SendTo([2], new IPEndPoint(AddressA, s2.LocalEndPoint.Port));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, r2.Count);
        Assert.Equal(IPAddress.Loopback, r2.Packets[0].From.Address);
        Assert.Equal(AddressA, r2.Packets[1].From.Address);
    }

    [Fact]
    public async Task DeliveryThread_RunsTheHandlerOnThatRtcThread()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        await using var worker = new RtcThread("worker", time);
        VirtualHost a = net.AddHost("a", AddressA);
        VirtualHost b = net.AddHost("b", AddressB);
        using IUdpSocket sa = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        using IUdpSocket sb = b.BindUdp(new IPEndPoint(IPAddress.Any, 0), new UdpSocketOptions { DeliveryThread = worker });
        var received = new TaskCompletionSource<(bool OnWorker, byte[] Payload)>(TaskCreationOptions.RunContinuationsAsynchronously);
        sb.Start((_, packet, _, _) => received.TrySetResult((worker.IsCurrent, packet.ToArray())));

        sa.SendTo([4, 2], new IPEndPoint(AddressB, sb.LocalEndPoint.Port));
        time.Advance(TimeSpan.FromMilliseconds(1));
        (bool onWorker, byte[] payload) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(onWorker);
        Assert.Equal([4, 2], payload);
        await worker.InvokeAsync(() => { }).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, worker.PendingCount);
        Assert.Equal(0, net.PendingCount);
    }

    [Fact]
    public async Task OnTheSystemClock_PingPongWithDeliveryThreads_RespectsTheDelays()
    {
        using var net = new VirtualNetwork(TimeProvider.System, seed: 9);
        await using var threadA = new RtcThread("a");
        await using var threadB = new RtcThread("b");
        VirtualHost a = net.AddHost("a", AddressA);
        VirtualHost b = net.AddHost("b", AddressB);
        net.SetLinkConditions(a, new LinkConditions { Delay = TimeSpan.FromMilliseconds(3) });
        net.SetLinkConditions(b, new LinkConditions { Delay = TimeSpan.FromMilliseconds(2) });
        using IUdpSocket sa = a.BindUdp(new IPEndPoint(IPAddress.Any, 0), new UdpSocketOptions { DeliveryThread = threadA });
        using IUdpSocket sb = b.BindUdp(new IPEndPoint(IPAddress.Any, 0), new UdpSocketOptions { DeliveryThread = threadB });
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int pongs = 0;
        bool onThreads = true;
        sb.Start((socket, packet, remote, _) =>
        {
            onThreads &= threadB.IsCurrent;
            socket.SendTo(packet, remote);
        });
        sa.Start((socket, packet, remote, _) =>
        {
            onThreads &= threadA.IsCurrent;
            if (++pongs == 10)
            {
                done.TrySetResult();
                return;
            }

            socket.SendTo(packet, remote);
        });

        long start = TimeProvider.System.GetTimestamp();
        sa.SendTo([1], new IPEndPoint(AddressB, sb.LocalEndPoint.Port));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        TimeSpan elapsed = TimeProvider.System.GetElapsedTime(start);

        Assert.True(onThreads);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(100), $"10 round trips of 10 ms took only {elapsed}");
        Assert.Equal(20, net.Statistics.PacketsDelivered);
        Assert.Equal(0, net.PendingCount);
    }

    [Fact]
    public void HandlerException_IsCounted_AndTheSocketKeepsReceiving()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        VirtualHost a = net.AddHost("a", AddressA);
        VirtualHost b = net.AddHost("b", AddressB);
        using IUdpSocket sa = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        using IUdpSocket sb = b.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        int calls = 0;
        sb.Start((_, packet, _, _) =>
        {
            calls++;
            if (packet[0] == 0)
            {
                throw new InvalidOperationException("handler bug");
            }
        });

        sa.SendTo([0], new IPEndPoint(AddressB, sb.LocalEndPoint.Port));
        sa.SendTo([1], new IPEndPoint(AddressB, sb.LocalEndPoint.Port));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, calls);
        Assert.Equal(1, sb.Statistics.PacketsDropped);
        Assert.Equal(2, sb.Statistics.PacketsReceived);
    }

    [Fact]
    public void DisposedSocket_FreesItsPort_AndLaterPacketsAreUnreachable()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        VirtualHost a = net.AddHost("a", AddressA);
        VirtualHost b = net.AddHost("b", AddressB);
        using IUdpSocket sa = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        IUdpSocket sb = b.BindUdp(new IPEndPoint(IPAddress.Any, 4000));
        sb.Start((_, _, _, _) => { });
        sb.Dispose();

        Assert.False(sb.SendTo([1], new IPEndPoint(AddressA, 1)));
        sa.SendTo([1], new IPEndPoint(AddressB, 4000));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, net.Statistics.GetDropped(VirtualDropReason.PortUnreachable));
        Assert.Equal(0, b.UdpSocketCount);
        using IUdpSocket again = b.BindUdp(new IPEndPoint(IPAddress.Any, 4000));
        Assert.Equal(4000, again.LocalEndPoint.Port);
    }
}
