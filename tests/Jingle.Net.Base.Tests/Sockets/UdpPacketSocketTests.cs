using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Base.Tests.Sockets;

/// <summary>Real UDP sockets on 127.0.0.1.</summary>
public sealed class UdpPacketSocketTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task SendTo_IsReceived_OnAPoolThread_WithTheSourceEndpoint()
    {
        var factory = new SocketFactory();
        await using IUdpSocket a = factory.BindUdp(AnyLoopback);
        await using IUdpSocket b = factory.BindUdp(AnyLoopback);
        var received = Channel<(byte[] Payload, IPEndPoint From)>();
        b.Start((_, packet, remote, _) => received.Writer.TryWrite((packet.ToArray(), remote)));

        for (byte i = 0; i < 10; i++)
        {
            Assert.True(a.SendTo([i, 42], b.LocalEndPoint));
        }

        for (byte i = 0; i < 10; i++)
        {
            (byte[] payload, IPEndPoint from) = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal([i, 42], payload);
            Assert.Equal(a.LocalEndPoint, from);
        }

        Assert.Equal(10, a.Statistics.PacketsSent);
        Assert.Equal(20, a.Statistics.BytesSent);
        Assert.Equal(10, b.Statistics.PacketsReceived);
        Assert.Equal(20, b.Statistics.BytesReceived);
        Assert.Equal(0, b.Statistics.PacketsDropped);
    }

    [Fact]
    public async Task DeliveryThread_RunsTheHandlerOnTheRtcThread()
    {
        await using var worker = new RtcThread("udp-worker");
        var factory = new SocketFactory();
        await using IUdpSocket a = factory.BindUdp(AnyLoopback);
        await using IUdpSocket b = factory.BindUdp(AnyLoopback, new UdpSocketOptions { DeliveryThread = worker });
        var received = Channel<(bool OnWorker, byte Value)>();
        b.Start((_, packet, _, _) => received.Writer.TryWrite((worker.IsCurrent, packet[0])));

        for (byte i = 0; i < 5; i++)
        {
            a.SendTo([i], b.LocalEndPoint);
        }

        for (byte i = 0; i < 5; i++)
        {
            (bool onWorker, byte value) = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            Assert.True(onWorker);
            Assert.Equal(i, value);
        }

        await b.DisposeAsync();
        await worker.InvokeAsync(() => { }).WaitAsync(Timeout);
        Assert.Equal(0, worker.PendingCount);
        Assert.Equal(0, worker.PendingDelayedCount);
    }

    [Fact]
    public async Task DeliveryThread_HandlerAndOtherWorkShareTheThread_AndStoppingItFirstStillLetsTheSocketClose()
    {
        var worker = new RtcThread("udp-worker");
        var factory = new SocketFactory();
        await using IUdpSocket a = factory.BindUdp(AnyLoopback);
        IUdpSocket b = factory.BindUdp(AnyLoopback, new UdpSocketOptions { DeliveryThread = worker });
        int received = 0; // touched only on the worker thread: no lock needed
        int otherWork = 0;
        b.Start((_, _, _, _) => received++);
        using var deadline = new CancellationTokenSource(Timeout);

        for (int batch = 0; batch < 20; batch++)
        {
            for (int i = 0; i < 50; i++)
            {
                a.SendTo(new byte[100], b.LocalEndPoint);
            }

            worker.Post(() => otherWork++);
            int expected = (batch + 1) * 50;
            while (await worker.InvokeAsync(() => received).WaitAsync(Timeout) < expected)
            {
                await Task.Delay(1, deadline.Token);
            }
        }

        Assert.Equal(20, await worker.InvokeAsync(() => otherWork).WaitAsync(Timeout));
        await worker.DisposeAsync().AsTask().WaitAsync(Timeout);
        await b.DisposeAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(1000, b.Statistics.PacketsReceived);
    }

    [Fact]
    public async Task HandlerException_IsCounted_AndTheLoopKeepsReceiving()
    {
        var factory = new SocketFactory();
        await using IUdpSocket a = factory.BindUdp(AnyLoopback);
        await using IUdpSocket b = factory.BindUdp(AnyLoopback);
        var received = Channel<byte>();
        b.Start((_, packet, _, _) =>
        {
            if (packet[0] == 0)
            {
                throw new InvalidOperationException("handler bug");
            }

            received.Writer.TryWrite(packet[0]);
        });

        a.SendTo([0], b.LocalEndPoint);
        a.SendTo([1], b.LocalEndPoint);

        Assert.Equal(1, await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(1, b.Statistics.PacketsDropped);
        Assert.Equal(2, b.Statistics.PacketsReceived);
    }

    [Fact]
    public async Task Dispose_StopsTheLoop_FreesThePort_AndFailsLaterSends()
    {
        var factory = new SocketFactory();
        IUdpSocket b = factory.BindUdp(AnyLoopback);
        int calls = 0;
        b.Start((_, _, _, _) => Interlocked.Increment(ref calls));
        IPEndPoint bound = b.LocalEndPoint;

        await b.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.False(b.SendTo([1], bound));
        Assert.Equal(1, b.Statistics.SendErrors);
        Assert.Throws<ObjectDisposedException>(() => b.Start((_, _, _, _) => { }));
        await using IUdpSocket again = factory.BindUdp(bound);
        Assert.Equal(bound, again.LocalEndPoint);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task PortRange_BindsTheFirstFreePort_AndFailsWhenAllAreTaken()
    {
        var factory = new SocketFactory();
        await using IUdpSocket first = factory.BindUdp(AnyLoopback);
        int port = first.LocalEndPoint.Port;
        Assert.InRange(port, 1, 65534);

        SocketException e = Assert.Throws<SocketException>(() => factory.BindUdp(IPAddress.Loopback, port, port));
        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);

        // The next port may be taken by someone else on a shared machine: search a small range past it.
        await using IUdpSocket next = factory.BindUdp(IPAddress.Loopback, port, Math.Min(port + 50, 65535));
        Assert.InRange(next.LocalEndPoint.Port, port + 1, port + 50);
    }

    [Fact]
    public async Task Start_Twice_Throws()
    {
        await using IUdpSocket socket = new SocketFactory().BindUdp(AnyLoopback);
        socket.Start((_, _, _, _) => { });
        Assert.Throws<InvalidOperationException>(() => socket.Start((_, _, _, _) => { }));
    }

    private static System.Threading.Channels.Channel<T> Channel<T>() => System.Threading.Channels.Channel.CreateUnbounded<T>();
}
