using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Base.Tests.Sockets;

/// <summary>
/// A delivery thread that polls its UDP sockets itself (epoll + eventfd, <see cref="RtcThread.TryRegisterReadable"/>):
/// delivery, fairness against posted work, wake-ups, and every way a registration ends (socket disposed on or off the
/// thread, thread disposed first, descriptor numbers reused).
/// </summary>
public sealed class UdpPolledReceiveTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeliveryThread_PollsTheSocket_UnlessTurnedOff(bool poll)
    {
        await using var worker = new RtcThread("poll-on");
        await using var socket = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker, PollOnDeliveryThread = poll });
        socket.Start((_, _, _, _) => { });
        (bool polled, int watched) = await worker.InvokeAsync(() => (socket.IsPolledByDeliveryThread, worker.WatchedSocketCount));
        Assert.Equal(poll && OperatingSystem.IsLinux(), polled);
        Assert.Equal(polled ? 1 : 0, watched);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task QueuedAndLiveDatagrams_ArriveInOrder_OnTheThread(bool poll, bool receiveOffload)
    {
        await using var worker = new RtcThread("poll-order");
        var factory = new SocketFactory();
        await using IUdpSocket sender = factory.BindUdp(Loopback);
        await using IUdpSocket b = factory.BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker, PollOnDeliveryThread = poll, ReceiveOffload = receiveOffload });

        // 300 queued before the loop starts (full batches, the budget runs out), 300 more while it runs.
        const int Queued = 300;
        for (int i = 0; i < Queued; i++)
        {
            Assert.True(sender.SendTo(Datagram(i), b.LocalEndPoint));
        }

        var received = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        int offThread = 0;
        b.Start((_, packet, _, _) =>
        {
            if (!worker.IsCurrent)
            {
                Interlocked.Increment(ref offThread);
            }

            received.Writer.TryWrite(packet.ToArray());
        });

        for (int i = 0; i < 2 * Queued; i++)
        {
            if (i >= Queued)
            {
                Assert.True(sender.SendTo(Datagram(i), b.LocalEndPoint));
            }

            byte[] payload = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal(Datagram(i), payload);
        }

        Assert.Equal(0, offThread);
        Assert.Equal(0, b.Statistics.PacketsDropped);
    }

    /// <summary>
    /// While datagrams flow the thread may nap (20 µs) and poll instead of blocking in epoll_wait, sparing the sender
    /// a wake-up per datagram. Order, posted work and the end of the flow (back to blocking) hold either way.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public async Task NapsWhileDatagramsFlow_KeepOrderAndPostedWork(int napPolicy)
    {
        await using var worker = new RtcThread("poll-nap") { NapPolicy = napPolicy };
        var factory = new SocketFactory();
        await using IUdpSocket sender = factory.BindUdp(Loopback);
        await using IUdpSocket b = factory.BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        var received = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        b.Start((_, packet, _, _) => received.Writer.TryWrite(packet.ToArray()));

        // One datagram at a time, each answered before the next: the thread runs dry between them, as with a peer
        // that sends one packet per acknowledgement. Every 50th round, work is posted from here as well.
        const int Rounds = 1000;
        int posted = 0;
        for (int i = 0; i < Rounds; i++)
        {
            Assert.True(sender.SendTo(Datagram(i), b.LocalEndPoint));
            Assert.Equal(Datagram(i), await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
            if (i % 50 == 0)
            {
                await worker.InvokeAsync(() => posted++).WaitAsync(Timeout);
            }
        }

        Assert.Equal(Rounds / 50, posted);
        long naps = await worker.InvokeAsync(() => worker.PollerNaps);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (napPolicy > 0)
        {
            Assert.True(naps > 0, "no nap while datagrams flowed");
        }
        else
        {
            Assert.Equal(0, naps);
        }

        // The flow stopped: the thread goes back to blocking (no naps 2 ms after the last datagram) and a post still wakes it.
        await Task.Delay(50);
        long before = await worker.InvokeAsync(() => worker.PollerNaps);
        await Task.Delay(50);
        Assert.Equal(before, await worker.InvokeAsync(() => worker.PollerNaps));
    }

    [Fact]
    public async Task DisposeFromAnotherThread_Completes_AndTheThreadStopsWatching()
    {
        await using var worker = new RtcThread("poll-dispose");
        var socket = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        socket.Start((_, _, _, _) => { });
        Assert.Equal(OperatingSystem.IsLinux() ? 1 : 0, await worker.InvokeAsync(() => worker.WatchedSocketCount));

        // .NET's Socket.Dispose waits for every reference on the handle: a registration holding one would hang here.
        await socket.DisposeAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(0, await worker.InvokeAsync(() => worker.WatchedSocketCount));
    }

    [Fact]
    public async Task DisposeOnTheDeliveryThread_Completes_AndTheThreadStopsWatching()
    {
        await using var worker = new RtcThread("poll-dispose-on");
        var socket = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        socket.Start((_, _, _, _) => { });
        int watchedAfter = await worker.InvokeAsync(() =>
        {
            socket.Dispose();
            return worker.WatchedSocketCount;
        }).WaitAsync(Timeout);
        Assert.Equal(0, watchedAfter);
        await socket.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    [Fact]
    public async Task ThreadDisposedFirst_EndsTheSocketsLoop()
    {
        var worker = new RtcThread("poll-thread-first");
        var socket = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        socket.Start((_, _, _, _) => { });
        Assert.Equal(OperatingSystem.IsLinux(), await worker.InvokeAsync(() => socket.IsPolledByDeliveryThread));
        await worker.DisposeAsync().AsTask().WaitAsync(Timeout);
        await socket.DisposeAsync().AsTask().WaitAsync(Timeout);
        Assert.False(socket.SendTo([1], new IPEndPoint(IPAddress.Loopback, 9)));
    }

    [Fact]
    public async Task ABusyThread_StillDeliversDatagrams()
    {
        await using var worker = new RtcThread("poll-busy");
        var factory = new SocketFactory();
        await using IUdpSocket sender = factory.BindUdp(Loopback);
        await using IUdpSocket b = factory.BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long spins = 0;
        bool stop = false;
        b.Start((_, _, _, _) => arrived.TrySetResult(Volatile.Read(ref spins)));
        await worker.InvokeAsync(() => { });

        // Work that reposts itself forever: the queue is never empty, so the thread never sleeps in epoll_wait.
        void Spin()
        {
            spins++;
            if (!Volatile.Read(ref stop))
            {
                worker.Post(Spin);
            }
        }

        worker.Post(Spin);
        while (Volatile.Read(ref spins) < 1000)
        {
            await Task.Yield();
        }

        Assert.True(sender.SendTo([42], b.LocalEndPoint));
        long spinsAtDelivery = await arrived.Task.WaitAsync(Timeout);
        Volatile.Write(ref stop, true);
        Assert.True(spinsAtDelivery >= 1000, $"delivered after {spinsAtDelivery} spins");
    }

    [Fact]
    public async Task PostsFromOtherThreads_WakeAThreadSleepingInEpoll()
    {
        await using var worker = new RtcThread("poll-wake");
        await using var socket = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        socket.Start((_, _, _, _) => { });
        Assert.Equal(OperatingSystem.IsLinux(), await worker.InvokeAsync(() => socket.IsPolledByDeliveryThread));

        // One at a time (the thread goes back to sleep between them), then many at once from the pool.
        int runs = 0;
        for (int i = 0; i < 2000; i++)
        {
            await worker.InvokeAsync(() => runs++).WaitAsync(Timeout);
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 100; i++)
            {
                await worker.InvokeAsync(() => runs++);
            }
        }))).WaitAsync(Timeout);
        Assert.Equal(2000 + (64 * 100), await worker.InvokeAsync(() => runs));
    }

    [Fact]
    public async Task SocketsClosedAndReplaced_TheNewOnesReceive_TheOldOnesNot()
    {
        await using var worker = new RtcThread("poll-reuse");
        var factory = new SocketFactory();
        await using IUdpSocket sender = factory.BindUdp(Loopback);
        var received = System.Threading.Channels.Channel.CreateUnbounded<(int Index, byte[] Payload)>();
        var sockets = new List<IUdpSocket>();
        try
        {
            for (int round = 0; round < 5; round++)
            {
                // Close the last round's sockets from this thread and bind new ones at once: the kernel hands out the
                // lowest free descriptor numbers again, while the old registrations are still being dropped.
                foreach (IUdpSocket old in sockets)
                {
                    old.Dispose();
                }

                sockets.Clear();
                for (int i = 0; i < 8; i++)
                {
                    int index = (round * 8) + i;
                    IUdpSocket s = factory.BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
                    s.Start((_, packet, _, _) => received.Writer.TryWrite((index, packet.ToArray())));
                    sockets.Add(s);
                }

                for (int i = 0; i < sockets.Count; i++)
                {
                    int index = (round * 8) + i;
                    Assert.True(sender.SendTo(BitConverter.GetBytes(index), sockets[i].LocalEndPoint));
                    (int got, byte[] payload) = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
                    Assert.Equal(index, got);
                    Assert.Equal(index, BitConverter.ToInt32(payload));
                }

                Assert.Equal(OperatingSystem.IsLinux() ? 8 : 0, await worker.InvokeAsync(() => worker.WatchedSocketCount));
            }
        }
        finally
        {
            foreach (IUdpSocket s in sockets)
            {
                await s.DisposeAsync();
            }
        }

        Assert.Equal(0, await worker.InvokeAsync(() => worker.WatchedSocketCount));
        Assert.False(received.Reader.TryRead(out _));
    }

    private static byte[] Datagram(int sequence)
    {
        byte[] data = new byte[16 + (sequence % 7 * 100)];
        BitConverter.TryWriteBytes(data, sequence);
        data[^1] = (byte)sequence;
        return data;
    }
}
