using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Base.Tests.Sockets;

/// <summary>The recvmmsg receive path (Linux) against the one-datagram-per-call path, on real loopback sockets.</summary>
public sealed class UdpBatchedReceiveTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static TheoryData<bool, int> Modes => new()
    {
        { false, 32 },
        { true, 32 },
        { false, 1 },
        { true, 1 },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task QueuedDatagramsOfMixedSizes_FromTwoSources_ArriveInOrder_WithTheirSources(bool deliveryThread, int batchSize)
    {
        await using var worker = new RtcThread("udp-batch");
        var factory = new SocketFactory();
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        await using IUdpSocket a = factory.BindUdp(loopback);
        await using IUdpSocket c = factory.BindUdp(loopback);
        await using IUdpSocket b = factory.BindUdp(loopback, new UdpSocketOptions
        {
            DeliveryThread = deliveryThread ? worker : null,
            ReceiveBatchSize = batchSize,
        });

        // Queue everything before the loop starts, so that batches are full and the delivery budget runs out.
        const int PerSource = 150;
        for (int i = 0; i < PerSource; i++)
        {
            Assert.True(a.SendTo(Datagram(0, i), b.LocalEndPoint));
            Assert.True(c.SendTo(Datagram(1, i), b.LocalEndPoint));
        }

        var received = System.Threading.Channels.Channel.CreateUnbounded<(byte[] Payload, IPEndPoint From)>();
        b.Start((_, packet, remote, _) => received.Writer.TryWrite((packet.ToArray(), remote)));
        Assert.Equal(batchSize > 1 && OperatingSystem.IsLinux(), ((UdpPacketSocket)b).IsBatchedReceive);

        int[] next = new int[2];
        for (int n = 0; n < 2 * PerSource; n++)
        {
            (byte[] payload, IPEndPoint from) = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            int source = payload[0];
            Assert.Equal(source == 0 ? a.LocalEndPoint : c.LocalEndPoint, from);
            Assert.Equal(Datagram(source, next[source]), payload);
            next[source]++;
        }

        Assert.Equal([PerSource, PerSource], next);
        Assert.Equal(2 * PerSource, b.Statistics.PacketsReceived);
        Assert.Equal(0, b.Statistics.PacketsDropped);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ipv6_DeliversWithTheIpv6Source(bool deliveryThread)
    {
        Assert.SkipUnless(Socket.OSSupportsIPv6 && CanBind(IPAddress.IPv6Loopback), "no IPv6 loopback on this machine");
        await using var worker = new RtcThread("udp-batch6");
        var factory = new SocketFactory();
        var loopback = new IPEndPoint(IPAddress.IPv6Loopback, 0);
        await using IUdpSocket a = factory.BindUdp(loopback);
        await using IUdpSocket b = factory.BindUdp(loopback, new UdpSocketOptions { DeliveryThread = deliveryThread ? worker : null });
        var received = System.Threading.Channels.Channel.CreateUnbounded<(byte[] Payload, IPEndPoint From)>();
        b.Start((_, packet, remote, _) => received.Writer.TryWrite((packet.ToArray(), remote)));

        for (int i = 0; i < 40; i++)
        {
            Assert.True(a.SendTo(Datagram(0, i), b.LocalEndPoint));
        }

        for (int i = 0; i < 40; i++)
        {
            (byte[] payload, IPEndPoint from) = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal(Datagram(0, i), payload);
            Assert.Equal(a.LocalEndPoint, from);
            Assert.Equal(AddressFamily.InterNetworkV6, from.AddressFamily);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task OversizedDatagram_IsCountedAsDropped_AndTheNextOneArrives(bool deliveryThread, int batchSize)
    {
        await using var worker = new RtcThread("udp-trunc");
        var factory = new SocketFactory();
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        await using IUdpSocket a = factory.BindUdp(loopback);
        await using IUdpSocket b = factory.BindUdp(loopback, new UdpSocketOptions
        {
            DeliveryThread = deliveryThread ? worker : null,
            ReceiveBatchSize = batchSize,
            MaxDatagramSize = 512,
        });
        var received = System.Threading.Channels.Channel.CreateUnbounded<int>();

        // Queued before the loop starts: the first is taken by a single receive, the rest by a recvmmsg batch.
        Assert.True(a.SendTo(new byte[513], b.LocalEndPoint));
        Assert.True(a.SendTo(new byte[512], b.LocalEndPoint));
        Assert.True(a.SendTo(new byte[3000], b.LocalEndPoint));
        Assert.True(a.SendTo(new byte[7], b.LocalEndPoint));
        b.Start((_, packet, _, _) => received.Writer.TryWrite(packet.Length));

        Assert.Equal(512, await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(7, await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(2, b.Statistics.PacketsDropped);
        Assert.Equal(2, b.Statistics.ReceiveErrors);
        Assert.False(received.Reader.TryRead(out _));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Close_WhileWaitingForData_EndsTheLoop_AndDeliversNothingLater(bool deliveryThread, int batchSize)
    {
        await using var worker = new RtcThread("udp-close");
        var factory = new SocketFactory();
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        await using IUdpSocket a = factory.BindUdp(loopback);
        IUdpSocket b = factory.BindUdp(loopback, new UdpSocketOptions
        {
            DeliveryThread = deliveryThread ? worker : null,
            ReceiveBatchSize = batchSize,
        });
        int calls = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Start((_, _, _, _) =>
        {
            Interlocked.Increment(ref calls);
            first.TrySetResult();
        });
        Assert.True(a.SendTo([1], b.LocalEndPoint));
        await first.Task.WaitAsync(Timeout);

        // The loop is now parked waiting for the next datagram: closing must end it, not leave it blocked.
        await b.DisposeAsync().AsTask().WaitAsync(Timeout);
        a.SendTo([2], b.LocalEndPoint);
        await worker.InvokeAsync(() => { }).WaitAsync(Timeout);

        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.False(((UdpPacketSocket)b).IsBatchedReceive);
        Assert.Equal(0, worker.PendingCount);
        Assert.Equal(0, worker.PendingDelayedCount);
    }

    private static byte[] Datagram(int source, int index)
    {
        // Sizes cycle from 1 byte past MTU size to near the 64 KiB limit; the first bytes say who sent it and its index.
        int[] sizes = [3, 1, 1200, 1500, 9000, 17, 65000, 576];
        byte[] payload = new byte[Math.Max(3, sizes[index % sizes.Length])];
        payload[0] = (byte)source;
        payload[1] = (byte)index;
        payload[2] = (byte)(index >> 8);
        for (int i = 3; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 31 + index);
        }

        return payload;
    }

    internal static bool CanBind(IPAddress address)
    {
        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
