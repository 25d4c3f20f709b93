using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

/// <summary>
/// RFC 9653 zero checksum: one-way announcements (Zero Checksum Acceptable, method 1 = DTLS) in INIT and INIT ACK; a
/// side sends checksum 0 only after the peer announced it, accepts checksum 0 only when it announced it itself, and
/// never for a packet with an INIT chunk.
/// </summary>
public sealed class ZeroChecksumTests
{
    private const byte Init = 1;
    private const byte InitAck = 2;
    private const byte CookieEcho = 10;

    private static SctpPairSimulation Create(RecordingHandler a, RecordingHandler b, bool aEnabled, bool bEnabled)
    {
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(5) };
        return new SctpPairSimulation(SimulationFactory.Environment(7), new SctpOptions { EnableZeroChecksum = aEnabled }, a,
            new SctpOptions { EnableZeroChecksum = bEnabled }, b, link, link, 7);
    }

    private static bool IsZero(byte[] p) => p[8] == 0 && p[9] == 0 && p[10] == 0 && p[11] == 0;

    private static void Connect(SctpPairSimulation sim, RecordingHandler a, RecordingHandler b)
    {
        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a.Connected == 1 && b.Connected == 1, sim.Now + TimeSpan.FromSeconds(30)), "handshake did not complete");
    }

    [Fact]
    public void BothEnabled_DataGoesWithZero_HandshakeChunksKeepCrc()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = Create(a, b, true, true);
        int zeroFromA = 0, zeroFromB = 0, handshakeWithZero = 0, handshakePackets = 0;
        sim.Filter = (fromA, p) =>
        {
            if (p[12] is Init or InitAck or CookieEcho)
            {
                handshakePackets++;
                handshakeWithZero += IsZero(p) ? 1 : 0;
            }
            else if (IsZero(p))
            {
                _ = fromA ? zeroFromA++ : zeroFromB++;
            }

            return true;
        };
        Connect(sim, a, b);
        Assert.True(sim.A.Metrics.UsesZeroChecksum);
        Assert.True(sim.B.Metrics.UsesZeroChecksum);
        sim.A.Send(1, 53, Payloads.Create(0, 5000), default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count == 1, sim.Now + TimeSpan.FromSeconds(5)));
        Assert.Equal(Payloads.Create(0, 5000), b.Messages[0].Data);
        Assert.Equal(3, handshakePackets);
        Assert.Equal(0, handshakeWithZero);
        Assert.True(zeroFromA >= 5, $"A sent {zeroFromA} zero-checksum packets");
        Assert.True(zeroFromB >= 1, $"B sent {zeroFromB} zero-checksum packets (COOKIE ACK, SACKs)");
        Assert.Equal(0, sim.A.Metrics.MalformedPacketsDropped + sim.B.Metrics.MalformedPacketsDropped);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void NotAnnouncedByPeer_NoSideSendsZero(bool aEnabled, bool bEnabled)
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = Create(a, b, aEnabled, bEnabled);
        int zero = 0;
        sim.Filter = (_, p) =>
        {
            zero += IsZero(p) ? 1 : 0;
            return true;
        };
        Connect(sim, a, b);
        sim.A.Send(1, 53, Payloads.Create(1, 3000), default, sim.Now);
        sim.B.Send(2, 53, Payloads.Create(2, 3000), default, sim.Now);
        Assert.True(sim.RunUntil(() => a.Messages.Count == 1 && b.Messages.Count == 1, sim.Now + TimeSpan.FromSeconds(5)));
        Assert.False(sim.A.Metrics.UsesZeroChecksum);
        Assert.False(sim.B.Metrics.UsesZeroChecksum);
        Assert.Equal(0, zero);
    }

    [Fact]
    public void AnnouncedOneWay_ZeroChecksumFromPeerAccepted()
    {
        // A announced, B did not: B keeps the CRC, but RFC 9653 lets B use 0 towards A, and A must take it.
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = Create(a, b, true, false);
        Connect(sim, a, b);
        int zeroed = 0;
        sim.Filter = (fromA, p) =>
        {
            if (!fromA)
            {
                p[8] = p[9] = p[10] = p[11] = 0;
                zeroed++;
            }

            return true;
        };
        sim.B.Send(3, 53, Payloads.Create(3, 4000), default, sim.Now);
        Assert.True(sim.RunUntil(() => a.Messages.Count == 1, sim.Now + TimeSpan.FromSeconds(5)));
        Assert.Equal(Payloads.Create(3, 4000), a.Messages[0].Data);
        Assert.True(zeroed >= 4);
        Assert.Equal(0, sim.A.Metrics.MalformedPacketsDropped);
        Assert.Equal(0, sim.A.Metrics.ZeroChecksumPacketsDropped);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NotAnnounced_ZeroChecksumPacketsDroppedAndCounted(bool peerAnnounced)
    {
        // B never announced: a zero checksum from A is a wrong checksum. The data only arrives once A's
        // retransmissions carry a real CRC-32c again.
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = Create(a, b, peerAnnounced, false);
        Connect(sim, a, b);
        bool zeroing = true;
        sim.Filter = (fromA, p) =>
        {
            if (fromA && zeroing)
            {
                p[8] = p[9] = p[10] = p[11] = 0;
            }

            return true;
        };
        sim.A.Send(4, 53, Payloads.Create(4, 2000), default, sim.Now);
        sim.RunUntil(() => false, sim.Now + TimeSpan.FromMilliseconds(100));
        Assert.Empty(b.Messages);
        long dropped = sim.B.Metrics.ZeroChecksumPacketsDropped;
        Assert.True(dropped >= 2, $"dropped {dropped}");
        Assert.True(sim.B.Metrics.MalformedPacketsDropped >= dropped);

        zeroing = false;
        Assert.True(sim.RunUntil(() => b.Messages.Count == 1, sim.Now + TimeSpan.FromSeconds(10)));
        Assert.Equal(Payloads.Create(4, 2000), b.Messages[0].Data);
        Assert.Equal(dropped, sim.B.Metrics.ZeroChecksumPacketsDropped);
    }

    [Fact]
    public void InitWithZeroChecksum_DroppedEvenWhenEnabled()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = Create(a, b, true, true);
        int inits = 0;
        sim.Filter = (fromA, p) =>
        {
            if (fromA && p[12] == Init && inits++ == 0)
            {
                p[8] = p[9] = p[10] = p[11] = 0;
            }

            return true;
        };
        sim.A.Connect(sim.Now);
        sim.RunUntil(() => false, sim.Now + TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, b.Connected);
        Assert.Equal(1, sim.B.Metrics.ZeroChecksumPacketsDropped);

        // T1-init sends the INIT again with its CRC-32c.
        Assert.True(sim.RunUntil(() => a.Connected == 1 && b.Connected == 1, sim.Now + TimeSpan.FromSeconds(10)));
        Assert.Equal(2, inits);
        Assert.True(sim.A.Metrics.UsesZeroChecksum);
    }
}
