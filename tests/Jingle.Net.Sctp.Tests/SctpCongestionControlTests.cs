using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

public sealed class SctpCongestionControlTests
{
    private static double ShareOfLink(SctpCongestionControl mode, int rttMs, double loss, int seed, out SctpAssociationMetrics metrics)
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(rttMs / 2.0), Loss = loss, BitsPerSecond = 100e6 };
        var options = new SctpOptions { CongestionControl = mode, MaxReceiverWindow = 8 * 1024 * 1024 };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, seed, options);
        const int count = 256; // 16 MiB
        const int size = 64 * 1024;
        int sent = 0;
        TimeSpan start = sim.Now;
        sim.BeforeStep = () =>
        {
            while (sent < count && sim.A.TotalBufferedAmount < 4 * 1024 * 1024)
            {
                sim.A.Send(0, 53, Payloads.Create(sent++, size), default, sim.Now);
            }
        };
        Assert.True(sim.RunUntil(() => b.MessageCount == count, TimeSpan.FromHours(1)));
        Assert.Null(b.IntegrityError);
        metrics = sim.A.Metrics;
        return count * (double)size * 8 / (sim.Now - start).TotalSeconds / 100e6;
    }

    /// <summary>The goal: at least half of a 100 Mbit/s link at 100 ms RTT with 0.1% random loss.</summary>
    [Theory]
    [InlineData(100, 41)]
    [InlineData(100, 42)]
    [InlineData(20, 43)]
    public void DeliveryRateFloor_FillsALongFatLinkDespiteRandomLoss(int rttMs, int seed)
    {
        double share = ShareOfLink(SctpCongestionControl.DeliveryRateFloor, rttMs, 0.001, seed, out SctpAssociationMetrics m);
        Assert.True(share >= 0.5, $"share {share:P1}");
        Assert.True(m.RetransmittedChunks < m.DataChunksSent / 10, $"{m.RetransmittedChunks} retransmissions of {m.DataChunksSent} chunks");
    }

    [Fact]
    public void Rfc9260_Reno_IsLossLimited_OnTheSameLink()
    {
        // Mathis: MSS/RTT × 1.22/√p ≈ 3.7 Mbit/s at 0.1% and 100 ms; the plain RFC response stays far below the link.
        double share = ShareOfLink(SctpCongestionControl.Rfc9260, 100, 0.001, 41, out _);
        Assert.True(share < 0.25, $"share {share:P1}");
    }

    [Fact]
    public void CongestiveLoss_OnAFullQueue_StillBacksOff()
    {
        // A tiny bottleneck queue: losses come with a standing queue (RTT above min), so cwnd must be cut.
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(20), BitsPerSecond = 10e6, QueueBytes = 64 * 1024 };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, 9);
        int sent = 0;
        sim.BeforeStep = () =>
        {
            while (sent < 64 && sim.A.TotalBufferedAmount < 2 * 1024 * 1024)
            {
                sim.A.Send(0, 53, Payloads.Create(sent++, 64 * 1024), default, sim.Now);
            }
        };
        Assert.True(sim.RunUntil(() => b.MessageCount == 64, TimeSpan.FromHours(1)));
        Assert.Null(b.IntegrityError);
        Assert.True(sim.PacketsDropped > 0, "the queue must overflow");
        // cwnd stays near BDP + queue (10 Mbit/s × 40 ms = 50 KB, + 64 KiB queue), not growing without bound.
        Assert.True(sim.A.Metrics.Cwnd < 600 * 1024, $"cwnd {sim.A.Metrics.Cwnd}");
    }

    /// <summary>
    /// A fast local path whose receiver is the bottleneck (a browser or a Python peer on loopback): base RTT 0.2 ms,
    /// 400 Mbit/s drained from a 128 KiB socket buffer, so a full queue adds only 2.6 ms. Overflow must still count as
    /// congestion: treating it as random loss kept cwnd growing and lost one packet in nine to Chromium's socket.
    /// </summary>
    [Theory]
    [InlineData(SctpCongestionControl.DeliveryRateFloor)]
    [InlineData(SctpCongestionControl.Rfc9260)]
    public void OverflowOfAShallowQueue_OnAFastPath_BacksOff(SctpCongestionControl mode)
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(0.1), BitsPerSecond = 400e6, QueueBytes = 128 * 1024 };
        var options = new SctpOptions { CongestionControl = mode };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, 11, options);
        const int count = 512; // 32 MiB
        int sent = 0;
        sim.BeforeStep = () =>
        {
            while (sent < count && sim.A.TotalBufferedAmount < 2 * 1024 * 1024)
            {
                sim.A.Send(0, 53, Payloads.Create(sent++, 64 * 1024), default, sim.Now);
            }
        };
        Assert.True(sim.RunUntil(() => b.MessageCount == count, TimeSpan.FromHours(1)));
        Assert.Null(b.IntegrityError);
        SctpAssociationMetrics m = sim.A.Metrics;
        Assert.True(sim.PacketsDropped > 0, "the queue must overflow");
        Assert.True(m.RetransmittedChunks < m.DataChunksSent / 100, $"{m.RetransmittedChunks} retransmissions of {m.DataChunksSent} chunks");
    }

    /// <summary>
    /// A receiver slower than the path in front of it (aiortc on loopback): 160 Mbit/s out of a 208 KiB socket buffer,
    /// base RTT 0.4 ms. DeliveryRateFloor stops growing cwnd once the smallest RTT of a round shows a standing queue,
    /// so after slow start the buffer no longer overflows and the link stays full; Reno overflows it over and over.
    /// </summary>
    [Fact]
    public void SlowReceiver_DeliveryRateFloor_KeepsTheQueueShort_AndTheLinkFull()
    {
        (double share, SctpAssociationMetrics m, long drops) = SlowReceiver(SctpCongestionControl.DeliveryRateFloor);
        (double renoShare, SctpAssociationMetrics reno, long renoDrops) = SlowReceiver(SctpCongestionControl.Rfc9260);
        Assert.True(share >= 0.9, $"share {share:P1}");
        Assert.True(m.RetransmittedChunks < m.DataChunksSent / 500, $"{m.RetransmittedChunks} retransmissions of {m.DataChunksSent} chunks, {drops} drops; Reno {reno.RetransmittedChunks}, {renoDrops} drops, {renoShare:P1}");
        Assert.True(renoDrops > 4 * Math.Max(drops, 1), $"Reno {renoDrops} drops ({renoShare:P1}), DeliveryRateFloor {drops}");
        Assert.True(reno.RetransmittedChunks > m.RetransmittedChunks);
    }

    private static (double Share, SctpAssociationMetrics Metrics, long Drops) SlowReceiver(SctpCongestionControl mode)
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(0.2), BitsPerSecond = 160e6, QueueBytes = 208 * 1024 };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, 12, new SctpOptions { CongestionControl = mode });
        const int count = 512; // 32 MiB
        int sent = 0;
        TimeSpan start = sim.Now;
        sim.BeforeStep = () =>
        {
            while (sent < count && sim.A.TotalBufferedAmount < 2 * 1024 * 1024)
            {
                sim.A.Send(0, 53, Payloads.Create(sent++, 64 * 1024), default, sim.Now);
            }
        };
        Assert.True(sim.RunUntil(() => b.MessageCount == count, TimeSpan.FromHours(1)));
        Assert.Null(b.IntegrityError);
        double share = count * 64.0 * 1024 * 8 / (sim.Now - start).TotalSeconds / 160e6;
        return (share, sim.A.Metrics, sim.PacketsDropped);
    }
}
