using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

/// <summary>Receive-window auto-tuning (<see cref="SctpOptions.ReceiveWindowAutoTuning"/>).</summary>
public sealed class SctpReceiveWindowAutoTuningTests
{
    private const int Message = 64 * 1024;

    [Fact]
    public void InitialWindow_IsTheOption_ButHoldsAtLeastOneLargestMessage()
    {
        var defaults = new SctpOptions();
        Assert.Equal(defaults.MaxMessageSize + (8 * defaults.Mtu), Connected(defaults).B.Metrics.ReceiveWindow);

        var large = new SctpOptions { InitialReceiveWindow = 512 * 1024 };
        Assert.Equal(512 * 1024, Connected(large).B.Metrics.ReceiveWindow);

        var off = new SctpOptions { ReceiveWindowAutoTuning = false };
        Assert.Equal(off.MaxReceiverWindow, Connected(off).B.Metrics.ReceiveWindow);
    }

    /// <summary>
    /// The case that made Chromium → ours lose throughput: a Reno slow start (dcSCTP's, here our RFC 9260 mode) on a
    /// fast path into a queue of 384 KiB. Offering the whole 4 MiB buffer lets cwnd overrun the queue; the auto-tuned
    /// window keeps what is in flight below it, and the link stays full.
    /// </summary>
    [Fact]
    public void RenoSlowStart_IntoAShallowQueue_IsHeldBelowItByTheTunedWindow()
    {
        (double share, long drops, SctpAssociationMetrics receiver) = Transfer(autoTuning: true);
        (double offShare, long offDrops, _) = Transfer(autoTuning: false);
        Assert.True(offDrops > 0, $"without auto-tuning the queue must overflow ({offShare:P1})");
        Assert.Equal(0, drops);
        Assert.True(share >= 0.9, $"share {share:P1} (without auto-tuning {offShare:P1}, {offDrops} drops)");
        Assert.True(receiver.ReceiveWindow < 1024 * 1024, $"window {receiver.ReceiveWindow}");

        static (double Share, long Drops, SctpAssociationMetrics Receiver) Transfer(bool autoTuning)
        {
            var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(0.1), BitsPerSecond = 400e6, QueueBytes = 384 * 1024 };
            var options = new SctpOptions { CongestionControl = SctpCongestionControl.Rfc9260, ReceiveWindowAutoTuning = autoTuning };
            (SctpPairSimulation sim, double share) = Send(link, options, count: 512, seed: 21);
            return (share, sim.PacketsDropped, sim.B.Metrics);
        }
    }

    /// <summary>
    /// A 100 Mbit/s path with 100 ms RTT needs 1.25 MB in flight, five times the initial window: a sender held back
    /// by the window fills it every RTT, so it doubles until the link is full (at the initial window the sender
    /// would get 22% of the link).
    /// </summary>
    [Fact]
    public void WindowLimitedSender_OnALongFatPath_GrowsTheWindowPastTheBandwidthDelayProduct()
    {
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(50), BitsPerSecond = 100e6 };
        (SctpPairSimulation sim, double share) = Send(link, new SctpOptions(), count: 512, seed: 22);
        (_, double wholeBuffer) = Send(link, new SctpOptions { ReceiveWindowAutoTuning = false }, count: 512, seed: 22);
        SctpAssociationMetrics receiver = sim.B.Metrics;
        Assert.True(receiver.ReceiveWindow >= 1_250_000, $"window {receiver.ReceiveWindow} after {receiver.ReceiveWindowGrowths} growths");
        Assert.True(share >= 0.95 * wholeBuffer, $"share {share:P1}, advertising the whole buffer {wholeBuffer:P1}");
        Assert.Equal(0, sim.A.Metrics.RetransmittedChunks);
    }

    /// <summary>
    /// A hole holds everything above it in the reassembly queue for an RTT. That counts against the buffer, not
    /// against the tuned window: a window-limited sender keeps sending through the repair instead of stalling.
    /// </summary>
    [Fact]
    public void DataHeldBehindAHole_DoesNotCloseTheTunedWindow()
    {
        var b = new RecordingHandler { CountOnly = true };
        SctpPairSimulation sim = SimulationFactory.Connected(new RecordingHandler(), b, new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(10) }, 24);
        int dropped = 0;
        uint? lostTsn = null;
        uint advertisedDuringHole = 0;
        sim.Filter = (fromA, packet) =>
        {
            if (fromA && (ChunkType)packet[12] == ChunkType.Data && ++dropped == 20)
            {
                lostTsn = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(12 + 4));
                return false;
            }

            if (!fromA && lostTsn is { } tsn && (ChunkType)packet[12] == ChunkType.Sack)
            {
                uint cumulative = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(12 + 4));
                ushort gaps = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(12 + 12));
                if (cumulative == tsn - 1 && gaps > 0)
                {
                    advertisedDuringHole = Math.Max(advertisedDuringHole, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(12 + 8)));
                }
            }

            return true;
        };

        for (int i = 0; i < 8; i++)
        {
            sim.A.Send(0, 53, Payloads.Create(i, Message), default, sim.Now);
        }

        Assert.True(sim.RunUntil(() => b.MessageCount == 8, TimeSpan.FromSeconds(30)));
        Assert.Null(b.IntegrityError);
        Assert.NotNull(lostTsn);
        // Up to 8 × 64 KiB sit behind the hole; the window offered meanwhile stays the full tuned window.
        Assert.Equal((uint)sim.B.Metrics.ReceiveWindow, advertisedDuringHole);
    }

    /// <summary>
    /// With the INIT and the COOKIE ECHO both retransmitted, Karn's rule leaves both ends without an RTT sample (the
    /// responder's INIT ACK → COOKIE ECHO time includes the initiator's T1-cookie): with nothing to size intervals
    /// with, each advertises the whole buffer rather than guess.
    /// </summary>
    [Fact]
    public void NoRttSampleFromTheHandshake_AdvertisesTheWholeBuffer()
    {
        var a = new RecordingHandler { CountOnly = true };
        var b = new RecordingHandler { CountOnly = true };
        SctpPairSimulation sim = SimulationFactory.Create(a, b, new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(5) }, 23);
        int inits = 0;
        int echoes = 0;
        sim.Filter = (fromA, packet) => !(fromA && (((ChunkType)packet[12] == ChunkType.Init && ++inits == 1) || ((ChunkType)packet[12] == ChunkType.CookieEcho && ++echoes == 1)));
        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a.Connected == 1 && b.Connected == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal((2, 2), (inits, echoes));
        for (int i = 0; i < 16; i++)
        {
            sim.A.Send(0, 53, Payloads.Create(i, Message), default, sim.Now);
            sim.B.Send(0, 53, Payloads.Create(i, Message), default, sim.Now);
        }

        Assert.True(sim.RunUntil(() => a.MessageCount == 16 && b.MessageCount == 16, TimeSpan.FromSeconds(30)));
        Assert.Equal(new SctpOptions().MaxReceiverWindow, sim.A.Metrics.ReceiveWindow);
        Assert.Equal(new SctpOptions().MaxReceiverWindow, sim.B.Metrics.ReceiveWindow);
    }

    /// <summary>The same exchange without losses: both ends measured the handshake and tune.</summary>
    [Fact]
    public void CleanHandshake_BothEndsTune()
    {
        var a = new RecordingHandler { CountOnly = true };
        var b = new RecordingHandler { CountOnly = true };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(5) }, 23);
        for (int i = 0; i < 16; i++)
        {
            sim.A.Send(0, 53, Payloads.Create(i, Message), default, sim.Now);
            sim.B.Send(0, 53, Payloads.Create(i, Message), default, sim.Now);
        }

        Assert.True(sim.RunUntil(() => a.MessageCount == 16 && b.MessageCount == 16, TimeSpan.FromSeconds(30)));
        Assert.True(sim.A.Metrics.ReceiveWindow < new SctpOptions().MaxReceiverWindow, $"initiator {sim.A.Metrics.ReceiveWindow}");
        Assert.True(sim.B.Metrics.ReceiveWindow < new SctpOptions().MaxReceiverWindow, $"responder {sim.B.Metrics.ReceiveWindow}");
    }

    /// <summary>A new path (ICE pair) under a running association: tuning stops at the whole buffer, never below.</summary>
    [Fact]
    public void PathChange_StopsTuning()
    {
        SctpPairSimulation sim = Connected(new SctpOptions());
        Assert.True(sim.B.Metrics.ReceiveWindow < new SctpOptions().MaxReceiverWindow);
        sim.B.OnPathChanged();
        Assert.Equal(new SctpOptions().MaxReceiverWindow, sim.B.Metrics.ReceiveWindow);
    }

    private static SctpPairSimulation Connected(SctpOptions options) =>
        SimulationFactory.Connected(new RecordingHandler(), new RecordingHandler { CountOnly = true }, null, 20, options);

    private static (SctpPairSimulation Sim, double Share) Send(SimulatedLinkOptions link, SctpOptions options, int count, int seed)
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, seed, options);
        int sent = 0;
        TimeSpan start = sim.Now;
        sim.BeforeStep = () =>
        {
            while (sent < count && sim.A.TotalBufferedAmount < 4 * 1024 * 1024)
            {
                sim.A.Send(0, 53, Payloads.Create(sent++, Message), default, sim.Now);
            }
        };
        Assert.True(sim.RunUntil(() => b.MessageCount == count, TimeSpan.FromHours(1)));
        Assert.Null(b.IntegrityError);
        return (sim, count * (double)Message * 8 / (sim.Now - start).TotalSeconds / link.BitsPerSecond);
    }
}
