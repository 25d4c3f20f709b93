using System.Buffers.Binary;
using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

public sealed class LinkConditionsTests
{
    private static readonly IPAddress AddressA = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress AddressB = IPAddress.Parse("198.51.100.2");

    [Fact]
    public void Loss_WithFixedSeed_IsNearTheConfiguredRate()
    {
        using var run = new Run(seed: 11, new LinkConditions { LossRate = 0.1 });
        run.SendEveryMillisecond(2000, 100);

        long delivered = run.Net.Statistics.PacketsDelivered;
        Assert.InRange(delivered, 1700, 1900); // expected 1800, σ ≈ 13
        Assert.Equal(2000 - delivered, run.Net.Statistics.GetDropped(VirtualDropReason.Loss));
        Assert.Equal(delivered, run.Received.Count);
    }

    [Fact]
    public void DelayAndJitter_StayWithinBounds_AndAverageToTheDelay()
    {
        var conditions = new LinkConditions { Delay = TimeSpan.FromMilliseconds(20), Jitter = TimeSpan.FromMilliseconds(5) };
        using var run = new Run(seed: 12, conditions, receiverConditions: LinkConditions.Perfect);
        run.SendEveryMillisecond(1000, 100);

        double[] latencies = run.Latencies().Select(t => t.TotalMilliseconds).ToArray();
        Assert.Equal(1000, latencies.Length);
        Assert.All(latencies, l => Assert.InRange(l, 15.0, 25.0));
        Assert.InRange(latencies.Average(), 19.5, 20.5);
        Assert.True(latencies.Max() - latencies.Min() > 8, "jitter should spread latencies across most of ±5 ms");
    }

    [Fact]
    public void Reordering_HoldsBackAboutTheConfiguredShare()
    {
        var conditions = new LinkConditions { ReorderRate = 0.2, ReorderDelay = TimeSpan.FromMilliseconds(5) };
        using var run = new Run(seed: 13, conditions);
        run.SendEveryMillisecond(1000, 100);

        int[] order = run.Received.Select(p => BinaryPrimitives.ReadInt32BigEndian(p.Payload)).ToArray();
        Assert.Equal(1000, order.Length);
        Assert.InRange(run.Net.Statistics.PacketsReordered, 150, 250);
        int inversions = order.Zip(order.Skip(1)).Count(p => p.First > p.Second);
        Assert.True(inversions > 100, $"expected reordering, saw {inversions} inversions");
        Assert.Equal(Enumerable.Range(0, 1000), order.Order());
    }

    [Fact]
    public void Duplication_DeliversExtraCopies()
    {
        using var run = new Run(seed: 14, new LinkConditions { DuplicateRate = 0.1 });
        run.SendEveryMillisecond(1000, 100);

        long duplicated = run.Net.Statistics.PacketsDuplicated;
        Assert.InRange(duplicated, 60, 140);
        Assert.Equal(1000 + duplicated, run.Received.Count);
        Assert.Equal(1000 + duplicated, run.Net.Statistics.PacketsDelivered);
    }

    [Fact]
    public void Bandwidth_OneMegabitPerSecond_SerializesEachPacketInTurn()
    {
        // 1222 B payload + 28 B headers = 10,000 bits = 10 ms at 1 Mbit/s.
        var conditions = new LinkConditions { BandwidthBitsPerSecond = 1_000_000, QueueLimitBytes = 200_000 };
        using var run = new Run(seed: 15, conditions, receiverConditions: LinkConditions.Perfect);
        for (int i = 0; i < 100; i++)
        {
            run.Send(i, 1222);
        }

        run.Time.AdvanceInSteps(TimeSpan.FromMilliseconds(1100));

        TimeSpan[] delivered = run.DeliveryTimes();
        Assert.Equal(100, delivered.Length);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(10 * (i + 1)), delivered[i]);
        }
    }

    [Fact]
    public void Bandwidth_QueueLimit_DropsWhatDoesNotFit()
    {
        var conditions = new LinkConditions { BandwidthBitsPerSecond = 1_000_000, QueueLimitBytes = 5_000 };
        using var run = new Run(seed: 16, conditions);
        for (int i = 0; i < 20; i++)
        {
            run.Send(i, 1222);
        }

        run.Time.AdvanceInSteps(TimeSpan.FromMilliseconds(300));

        // Bytes ahead of packet i are 1250 × i (each takes 10 ms); 1250 × i + 1222 fits in 5,000 for i = 0..3 only.
        Assert.Equal(4, run.Received.Count);
        Assert.Equal(16, run.Net.Statistics.GetDropped(VirtualDropReason.QueueFull));
    }

    [Fact]
    public void SameSeed_GivesTheSameTrace_AndAnotherSeedADifferentOne()
    {
        var conditions = new LinkConditions
        {
            Delay = TimeSpan.FromMilliseconds(30),
            Jitter = TimeSpan.FromMilliseconds(10),
            LossRate = 0.05,
            DuplicateRate = 0.02,
            ReorderRate = 0.05,
            BandwidthBitsPerSecond = 2_000_000,
        };

        string[] first = Trace(42, conditions);
        string[] second = Trace(42, conditions);
        string[] other = Trace(43, conditions);

        Assert.True(first.Length > 1000);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void InvalidConditions_AreRejected()
    {
        using var net = new VirtualNetwork(new FakeTimeProvider());
        VirtualHost a = net.AddHost("a", AddressA);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetLinkConditions(a, new LinkConditions { LossRate = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetLinkConditions(a, new LinkConditions { Delay = TimeSpan.FromMilliseconds(-1) }));
        Assert.Same(LinkConditions.Perfect, a.LinkConditions);
    }

    private static string[] Trace(int seed, LinkConditions conditions)
    {
        using var run = new Run(seed, conditions);
        var trace = new List<string>();
        run.Net.PacketTraced += (_, e) => trace.Add(e.ToString());
        run.SendEveryMillisecond(600, 200);
        return [.. trace];
    }

    /// <summary>Two internet hosts; a sends numbered packets to b.</summary>
    private sealed class Run : IDisposable
    {
        private readonly IUdpSocket _sender;
        private readonly IUdpSocket _receiver;
        private readonly PacketRecorder _recorder;
        private readonly Dictionary<int, TimeSpan> _sentAt = [];
        private readonly List<(int Sequence, TimeSpan At)> _delivered = [];

        public Run(int seed, LinkConditions conditions, LinkConditions? receiverConditions = null)
        {
            Net = new VirtualNetwork(Time, seed);
            VirtualHost a = Net.AddHost("a", AddressA);
            VirtualHost b = Net.AddHost("b", AddressB);
            Net.SetLinkConditions(a, conditions);
            Net.SetLinkConditions(b, receiverConditions ?? LinkConditions.Perfect);
            _sender = a.BindUdp(new IPEndPoint(IPAddress.Any, 0));
            _receiver = b.BindUdp(new IPEndPoint(IPAddress.Any, 9000));
            _recorder = PacketRecorder.Start(_receiver);
            Net.PacketTraced += (_, e) =>
            {
                if (e.Kind == VirtualPacketEventKind.Delivered)
                {
                    _delivered.Add((_delivered.Count, e.Time));
                }
            };
        }

        public FakeTimeProvider Time { get; } = new();

        public VirtualNetwork Net { get; }

        public IReadOnlyList<(byte[] Payload, IPEndPoint From, long Timestamp)> Received => _recorder.Packets;

        public void Send(int sequence, int size)
        {
            byte[] payload = new byte[size];
            BinaryPrimitives.WriteInt32BigEndian(payload, sequence);
            _sentAt[sequence] = Net.Elapsed;
            _sender.SendTo(payload, new IPEndPoint(AddressB, 9000));
        }

        public void SendEveryMillisecond(int count, int size)
        {
            for (int i = 0; i < count; i++)
            {
                Send(i, size);
                Time.Advance(TimeSpan.FromMilliseconds(1));
            }

            Time.AdvanceInSteps(TimeSpan.FromMilliseconds(200));
        }

        public TimeSpan[] DeliveryTimes() => [.. _delivered.Select(d => d.At)];

        /// <summary>Delivery time minus send time for each received packet (matched by sequence number).</summary>
        public TimeSpan[] Latencies()
        {
            IReadOnlyList<(byte[] Payload, IPEndPoint From, long Timestamp)> received = Received;
            return [.. received.Select((p, i) => _delivered[i].At - _sentAt[BinaryPrimitives.ReadInt32BigEndian(p.Payload)])];
        }

        public void Dispose()
        {
            _sender.Dispose();
            _receiver.Dispose();
            Assert.Equal(0, Net.PendingCount);
            Net.Dispose();
        }
    }
}
