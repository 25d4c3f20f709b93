using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Base.Tests.Sockets;

/// <summary>
/// Send batching on the delivery thread (UDP GSO or sendmmsg, flushed at the end of the work item) and UDP GRO on
/// receive, over real 127.0.0.1 sockets (Linux only: elsewhere sends are never batched).
/// </summary>
public sealed class UdpBatchedSendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    public static TheoryData<bool, bool, bool> OffloadModes()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (bool gso in new[] { true, false })
        {
            foreach (bool gro in new[] { true, false })
            {
                foreach (bool receiverOnThread in new[] { true, false })
                {
                    data.Add(gso, gro, receiverOnThread);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OffloadModes))]
    public async Task EqualSizeBurst_LeavesAsOneBatch_WhenTheWorkItemEnds_AndArrivesIntactInOrder(bool gso, bool gro, bool receiverOnThread)
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-send");
        await using var receiverThread = new RtcThread("gso-recv");
        await using var receiver = Receiver.Start(new UdpSocketOptions { ReceiveOffload = gro, DeliveryThread = receiverOnThread ? receiverThread : null });
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker, SegmentationOffload = gso });
        List<byte[]> expected = [.. Enumerable.Range(0, 40).Select(i => UdpSendBatchTests.Payload(1200, i))];

        long sentDuringTheItem = await worker.InvokeAsync(() =>
        {
            foreach (byte[] packet in expected)
            {
                Assert.True(sender.SendTo(packet, receiver.EndPoint)); // queued: true
            }

            return sender.Statistics.PacketsSent;
        }).WaitAsync(Timeout);

        Assert.Equal(0, sentDuringTheItem);
        Assert.Equal(expected, await receiver.TakeAsync(40));
        await Drain(worker);
        Assert.Equal(gso, sender.IsSegmentationOffload);
        Assert.Equal(gro, receiver.Socket.IsReceiveOffload);
        AssertSent(sender.Statistics, packets: 40, bytes: 40 * 1200, batches: 1, batched: 40);
        Assert.Equal(gso ? 1 : 0, sender.Statistics.SegmentedSendBatches);
        Assert.Equal(40, receiver.Socket.Statistics.PacketsReceived);
        Assert.Equal(40 * 1200, receiver.Socket.Statistics.BytesReceived);
        if (gso && gro)
        {
            // The GSO super-datagram stayed one piece over loopback and was split back here.
            Assert.Equal(1, receiver.Socket.Statistics.CoalescedReceives);
            Assert.Equal(40, receiver.Socket.Statistics.CoalescedPacketsReceived);
        }
        else if (!gro)
        {
            Assert.Equal(0, receiver.Socket.Statistics.CoalescedReceives);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MixedSizes_PreserveOrderAndContent_AndBatchAsTheShapeRulesSay(bool gso)
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-mixed");
        await using var receiver = Receiver.Start(new UdpSocketOptions());
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker, SegmentationOffload = gso });

        // Batches: [1200 1200 300] [1200 1200 1200 50] [50] [9000 1] [0] [700 700]: four of more than one datagram.
        int[] sizes = [1200, 1200, 300, 1200, 1200, 1200, 50, 50, 9000, 1, 0, 700, 700];
        List<byte[]> expected = [.. sizes.Select((size, i) => UdpSendBatchTests.Payload(size, i))];
        await SendInOneWorkItem(worker, sender, expected.Select(p => (p, receiver.EndPoint)));

        Assert.Equal(expected, await receiver.TakeAsync(expected.Count));
        await Drain(worker);
        AssertSent(sender.Statistics, packets: sizes.Length, bytes: sizes.Sum(), batches: 4, batched: 11);
        Assert.Equal(gso ? 4 : 0, sender.Statistics.SegmentedSendBatches);
    }

    [Fact]
    public async Task InterleavedDestinations_EachGetsItsDatagramsInOrder_RunsToOneDestinationBatch()
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-dest");
        await using var a = Receiver.Start(new UdpSocketOptions());
        await using var b = Receiver.Start(new UdpSocketOptions { ReceiveOffload = false });
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });

        // A×5, B×5, A×5 batch; then B A B A B A B A alternate and go one by one.
        var sends = new List<(byte[] Packet, IPEndPoint To)>();
        int n = 0;
        foreach (Receiver to in Enumerable.Repeat(a, 5).Concat(Enumerable.Repeat(b, 5)).Concat(Enumerable.Repeat(a, 5)))
        {
            sends.Add((UdpSendBatchTests.Payload(1000, n++), to.EndPoint));
        }

        for (int i = 0; i < 8; i++)
        {
            sends.Add((UdpSendBatchTests.Payload(1000, n++), (i % 2 == 0 ? b : a).EndPoint));
        }

        await SendInOneWorkItem(worker, sender, sends);

        Assert.Equal(sends.Where(s => s.To.Equals(a.EndPoint)).Select(s => s.Packet), await a.TakeAsync(14));
        Assert.Equal(sends.Where(s => s.To.Equals(b.EndPoint)).Select(s => s.Packet), await b.TakeAsync(9));
        await Drain(worker);
        AssertSent(sender.Statistics, packets: 23, bytes: 23 * 1000, batches: 3, batched: 15);
    }

    [Theory]
    [InlineData(65, 1, 64)]
    [InlineData(130, 3, 130)]
    public async Task LongBursts_SplitInto64SegmentBatches(int count, int batches, int batched)
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-65");
        await using var receiver = Receiver.Start(new UdpSocketOptions());
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        List<byte[]> expected = [.. Enumerable.Range(0, count).Select(i => UdpSendBatchTests.Payload(500, i))];

        await SendInOneWorkItem(worker, sender, expected.Select(p => (p, receiver.EndPoint)));

        Assert.Equal(expected, await receiver.TakeAsync(count));
        await Drain(worker);
        AssertSent(sender.Statistics, packets: count, bytes: count * 500, batches: batches, batched: batched);
        Assert.Equal(batches, sender.Statistics.SegmentedSendBatches);
        Assert.Equal(count, receiver.Socket.Statistics.PacketsReceived);
    }

    [Fact]
    public async Task ABurstLargerThanOneUdpPayload_SplitsByBytes()
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-bytes");
        await using var receiver = Receiver.Start(new UdpSocketOptions());
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        List<byte[]> expected = [.. Enumerable.Range(0, 60).Select(i => UdpSendBatchTests.Payload(1400, i))];

        await SendInOneWorkItem(worker, sender, expected.Select(p => (p, receiver.EndPoint)));

        Assert.Equal(expected, await receiver.TakeAsync(60));
        await Drain(worker);
        AssertSent(sender.Statistics, packets: 60, bytes: 60 * 1400, batches: 2, batched: 60); // 46 + 14 (65507 / 1400 = 46)
    }

    [Fact]
    public async Task KernelRefusingGsoAtFirstUse_FallsBackToSendmmsg_ForGood_WithTheSameResult()
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-refused");
        await using var receiver = Receiver.Start(new UdpSocketOptions());
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        Assert.True(sender.IsSegmentationOffload);

        // SO_NO_CHECK (no UDP checksum) is legal for plain IPv4 sends, but the kernel refuses GSO with it (EINVAL).
        Span<byte> on = stackalloc byte[4];
        BitConverter.TryWriteBytes(on, 1);
        sender.UnderlyingSocket.SetRawSocketOption(1, 11, on);
        List<byte[]> first = [.. Enumerable.Range(0, 30).Select(i => UdpSendBatchTests.Payload(1200, i))];
        List<byte[]> second = [.. Enumerable.Range(30, 30).Select(i => UdpSendBatchTests.Payload(1200, i))];

        await SendInOneWorkItem(worker, sender, first.Select(p => (p, receiver.EndPoint)));
        Assert.Equal(first, await receiver.TakeAsync(30));
        await Drain(worker);
        Assert.False(sender.IsSegmentationOffload);
        Assert.True(sender.IsBatchedSend);
        await SendInOneWorkItem(worker, sender, second.Select(p => (p, receiver.EndPoint)));
        Assert.Equal(second, await receiver.TakeAsync(30));
        await Drain(worker);

        AssertSent(sender.Statistics, packets: 60, bytes: 60 * 1200, batches: 2, batched: 60);
        Assert.Equal(0, sender.Statistics.SegmentedSendBatches);
    }

    [Fact]
    public async Task SendsFromAnotherThread_GoOutAtOnce_Unbatched()
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-other");
        await using var receiver = Receiver.Start(new UdpSocketOptions());
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        Assert.True(sender.IsBatchedSend);

        for (int i = 0; i < 10; i++)
        {
            Assert.True(sender.SendTo(UdpSendBatchTests.Payload(1200, i), receiver.EndPoint));
            Assert.Equal(i + 1, sender.Statistics.PacketsSent); // sent by the call itself
        }

        Assert.Equal(10, (await receiver.TakeAsync(10)).Count);
        Assert.Equal(0, sender.Statistics.SendBatches);
    }

    [Fact]
    public async Task SendBatchingOff_SendsEachDatagramAtOnce_EvenOnTheDeliveryThread()
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-off");
        await using var receiver = Receiver.Start(new UdpSocketOptions());
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker, SendBatching = false });
        Assert.False(sender.IsBatchedSend);

        bool eachSentAtOnce = await worker.InvokeAsync(() =>
        {
            bool ok = true;
            for (int i = 0; i < 10; i++)
            {
                sender.SendTo(UdpSendBatchTests.Payload(1200, i), receiver.EndPoint);
                ok &= sender.Statistics.PacketsSent == i + 1;
            }

            return ok;
        }).WaitAsync(Timeout);

        Assert.True(eachSentAtOnce);
        Assert.Equal(10, (await receiver.TakeAsync(10)).Count);
        Assert.Equal(0, sender.Statistics.SendBatches);
    }

    [Fact]
    public async Task Dispose_OnTheDeliveryThread_SendsWhatIsQueuedFirst()
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gso-dispose");
        await using var receiver = Receiver.Start(new UdpSocketOptions());
        var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        List<byte[]> expected = [.. Enumerable.Range(0, 10).Select(i => UdpSendBatchTests.Payload(800, i))];

        await worker.InvokeAsync(() =>
        {
            foreach (byte[] packet in expected)
            {
                sender.SendTo(packet, receiver.EndPoint);
            }

            sender.Dispose();
            Assert.False(sender.SendTo([1], receiver.EndPoint));
        }).WaitAsync(Timeout);

        Assert.Equal(expected, await receiver.TakeAsync(10));
        Assert.Equal(10, sender.Statistics.PacketsSent);
        Assert.Equal(1, sender.Statistics.SendErrors);
    }

    [Fact]
    public async Task GroReceiver_DropsAndCountsEachSegmentLongerThanMaxDatagramSize_AndDeliversTheRest()
    {
        SkipUnlessLinux();
        await using var worker = new RtcThread("gro-max");
        await using var receiver = Receiver.Start(new UdpSocketOptions { MaxDatagramSize = 1000 });
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker });
        byte[] last = UdpSendBatchTests.Payload(500, 10);

        // One GSO send: ten 1200 B segments and a 500 B one.
        await SendInOneWorkItem(worker, sender, Enumerable.Range(0, 10).Select(i => (UdpSendBatchTests.Payload(1200, i), receiver.EndPoint)).Append((last, receiver.EndPoint)));

        Assert.Equal([last], await receiver.TakeAsync(1));
        await Drain(worker);
        Assert.Equal(1, sender.Statistics.SegmentedSendBatches);
        Assert.Equal(1, receiver.Socket.Statistics.CoalescedReceives);
        Assert.Equal(11, receiver.Socket.Statistics.CoalescedPacketsReceived);
        Assert.Equal(10, receiver.Socket.Statistics.PacketsDropped);
        Assert.Equal(10, receiver.Socket.Statistics.ReceiveErrors);
        Assert.Equal(1, receiver.Socket.Statistics.PacketsReceived);
    }

    [Fact]
    public async Task Ipv6_GsoBatch_ArrivesIntact()
    {
        SkipUnlessLinux();
        Assert.SkipUnless(Socket.OSSupportsIPv6 && UdpBatchedReceiveTests.CanBind(IPAddress.IPv6Loopback), "no IPv6 loopback on this machine");
        var loopback6 = new IPEndPoint(IPAddress.IPv6Loopback, 0);
        await using var worker = new RtcThread("gso-v6");
        await using var receiver = Receiver.Start(new UdpSocketOptions(), loopback6);
        await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(loopback6, new UdpSocketOptions { DeliveryThread = worker });
        List<byte[]> expected = [.. Enumerable.Range(0, 20).Select(i => UdpSendBatchTests.Payload(1200, i))];

        await SendInOneWorkItem(worker, sender, expected.Select(p => (p, receiver.EndPoint)));

        Assert.Equal(expected, await receiver.TakeAsync(20));
        await Drain(worker);
        Assert.Equal(1, sender.Statistics.SegmentedSendBatches);
    }

    /// <summary>
    /// Whatever the sequence of sizes and destinations one work item sends, and whichever offloads are on, each
    /// destination receives exactly its datagrams, in order, and the counters are exact.
    /// </summary>
    [Property(MaxTest = 25)]
    public Property ArbitrarySends_ArriveExactly_InPerDestinationOrder()
    {
        Gen<int> size = Gen.OneOf(Gen.Constant(1200), Gen.Constant(1200), Gen.Constant(300), Gen.Choose(0, 3000));
        Gen<(int Size, int To)[]> sends = Gen.Choose(1, 150).SelectMany(n => Gen.ArrayOf(
            from s in size
            from to in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 2)))
            select (s, to), n));
        return Prop.ForAll(sends.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(),
            (sequence, gso, gro) => !OperatingSystem.IsLinux() || Check(sequence, gso, gro).GetAwaiter().GetResult());

        static async Task<bool> Check((int Size, int To)[] sequence, bool gso, bool gro)
        {
            await using var worker = new RtcThread("gso-prop");
            Receiver[] receivers = [.. Enumerable.Range(0, 3).Select(_ => Receiver.Start(new UdpSocketOptions { ReceiveOffload = gro }))];
            try
            {
                await using var sender = (UdpPacketSocket)new SocketFactory().BindUdp(Loopback, new UdpSocketOptions { DeliveryThread = worker, SegmentationOffload = gso });
                var sends = sequence.Select((s, i) => (Packet: UdpSendBatchTests.Payload(s.Size, i), receivers[s.To].EndPoint)).ToList();
                await SendInOneWorkItem(worker, sender, sends);
                for (int r = 0; r < receivers.Length; r++)
                {
                    List<byte[]> expected = [.. sends.Where(s => s.EndPoint.Equals(receivers[r].EndPoint)).Select(s => s.Packet)];
                    List<byte[]> received = await receivers[r].TakeAsync(expected.Count);
                    if (!expected.SequenceEqual(received, ByteArrayComparer.Instance) || receivers[r].Socket.Statistics.PacketsDropped != 0)
                    {
                        return false;
                    }
                }

                await Drain(worker);
                return sender.Statistics.PacketsSent == sequence.Length
                    && sender.Statistics.BytesSent == sequence.Sum(s => s.Size)
                    && sender.Statistics.SendErrors == 0
                    && sender.Statistics.BatchedPacketsSent <= sequence.Length;
            }
            finally
            {
                foreach (Receiver receiver in receivers)
                {
                    await receiver.DisposeAsync();
                }
            }
        }
    }

    private static void AssertSent(PacketSocketStatistics statistics, int packets, long bytes, int batches, int batched)
    {
        Assert.Equal(packets, statistics.PacketsSent);
        Assert.Equal(bytes, statistics.BytesSent);
        Assert.Equal(0, statistics.SendErrors);
        Assert.Equal(batches, statistics.SendBatches);
        Assert.Equal(batched, statistics.BatchedPacketsSent);
    }

    private static Task SendInOneWorkItem(RtcThread worker, IUdpSocket sender, IEnumerable<(byte[] Packet, IPEndPoint To)> sends) =>
        worker.InvokeAsync(() =>
        {
            foreach ((byte[] packet, IPEndPoint to) in sends)
            {
                Assert.True(sender.SendTo(packet, to));
            }
        }).WaitAsync(Timeout);

    /// <summary>Waits until the thread has run a later work item: the flush of every earlier one is then done.</summary>
    private static Task Drain(RtcThread worker) => worker.InvokeAsync(() => { }).WaitAsync(Timeout);

    private static void SkipUnlessLinux() => Assert.SkipUnless(OperatingSystem.IsLinux(), "send batching and UDP GSO/GRO are Linux-only");

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }

    /// <summary>A started loopback socket that collects what it receives.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>();

        private Receiver(UdpPacketSocket socket) => Socket = socket;

        public UdpPacketSocket Socket { get; }

        public IPEndPoint EndPoint => Socket.LocalEndPoint;

        public static Receiver Start(UdpSocketOptions options, IPEndPoint? local = null)
        {
            var receiver = new Receiver((UdpPacketSocket)new SocketFactory().BindUdp(local ?? Loopback, options));
            receiver.Socket.Start((_, packet, _, _) => receiver._received.Writer.TryWrite(packet.ToArray()));
            return receiver;
        }

        public async Task<List<byte[]>> TakeAsync(int count)
        {
            var list = new List<byte[]>(count);
            for (int i = 0; i < count; i++)
            {
                list.Add(await _received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
            }

            return list;
        }

        public ValueTask DisposeAsync() => Socket.DisposeAsync();
    }
}
