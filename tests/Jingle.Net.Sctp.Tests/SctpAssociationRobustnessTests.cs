using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

public sealed class SctpAssociationRobustnessTests
{
    private static readonly byte[] s_types = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 64, 130, 192, 194, 0x3F, 0x7F, 0xBF, 0xFF];

    /// <summary>Wraps chunks in a packet with a valid checksum and the given tag.</summary>
    private static byte[] Packet(uint tag, IEnumerable<(byte Type, byte Flags, byte[] Value)> chunks)
    {
        byte[] buffer = new byte[65536];
        var writer = new SctpPacketWriter(buffer, 5000, 5000, tag);
        foreach ((byte type, byte flags, byte[] value) in chunks)
        {
            int len = Math.Min(value.Length, writer.Remaining - 8);
            if (len < 0)
            {
                break;
            }

            ChunkCodec.TryWriteSimple(writer.Free, (ChunkType)type, flags, value.AsSpan(0, len), out int n);
            writer.Advance(n);
        }

        return buffer.AsSpan(0, writer.Finish(false)).ToArray();
    }

    /// <summary>
    /// A HEARTBEAT ACK echoing a forged send time (the extreme negative tick count) is no RTT sample and throws
    /// nothing: before, the subtraction overflowed inside HandlePacket.
    /// </summary>
    [Fact]
    public void HeartbeatAck_WithAForgedSendTime_IsIgnored()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, seed: 33);
        int heartbeats = 0;
        sim.Filter = (fromA, packet) =>
        {
            heartbeats += fromA && packet[12] == (byte)ChunkType.Heartbeat ? 1 : 0;
            return fromA || packet[12] != (byte)ChunkType.HeartbeatAck; // A's HEARTBEAT stays unanswered
        };
        Assert.True(sim.RunUntil(() => heartbeats == 1, TimeSpan.FromMinutes(2)));
        TimeSpan rtt = sim.A.Metrics.SmoothedRtt;

        byte[] info = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(info, 1); // Heartbeat Info
        BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(2), 12);
        BinaryPrimitives.WriteInt64BigEndian(info.AsSpan(4), long.MinValue);
        sim.A.HandlePacket(Packet(sim.A.LocalVerificationTag, [((byte)ChunkType.HeartbeatAck, 0, info)]), sim.Now);

        Assert.Equal(SctpAssociationState.Established, sim.A.State);
        Assert.Equal(rtt, sim.A.Metrics.SmoothedRtt);
    }

    [Property(MaxTest = 150)]
    public void ArbitraryChunkSequences_NeverThrow_NeverCorruptDeliveredData(byte[][] chunkTypeIndexes, byte[][] values, uint tsnJitter)
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, seed: 31);
        var real = new List<byte[]>();
        for (int i = 0; i < 10; i++)
        {
            real.Add(Payloads.Create(i, 1500));
            sim.A.Send(9, 53, real[^1], default, sim.Now);
        }

        uint tag = sim.B.LocalVerificationTag;
        int k = 0;
        foreach (byte[] selector in chunkTypeIndexes.Take(20))
        {
            var chunks = new List<(byte, byte, byte[])>();
            foreach (byte s in selector.Take(4))
            {
                byte[] value = values.Length > 0 ? values[k++ % values.Length] : [];
                byte type = s_types[s % s_types.Length];
                if (type == 0 && value.Length >= 12)
                {
                    // Plausible DATA near the receiver's window on the same stream.
                    BinaryPrimitives.WriteUInt32BigEndian(value, sim.B.Metrics.DataChunksReceived > 0 ? (uint)(tsnJitter % 64) : tsnJitter);
                }

                chunks.Add((type, (byte)(s * 37), value));
            }

            sim.B.HandlePacket(Packet(tag, chunks), sim.Now);
            sim.Step(sim.Now + TimeSpan.FromSeconds(1));
        }

        sim.RunUntil(() => false, sim.Now + TimeSpan.FromSeconds(30));

        // Whatever arrived on stream 9 with PPID 53 that claims to be one of ours is byte-identical and in order.
        long last = -1;
        foreach ((ushort stream, uint ppid, byte[] data) in b.Messages)
        {
            if (stream == 9 && ppid == 53 && data.Length == 1500 && BinaryPrimitives.ReadInt64LittleEndian(data) is >= 0 and < 10 and var index && index > last)
            {
                Assert.Equal(real[(int)index], data);
                last = index;
            }
        }

        Assert.True(sim.B.State is SctpAssociationState.Established or SctpAssociationState.Closed or SctpAssociationState.ShutdownReceived
            or SctpAssociationState.ShutdownAckSent or SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownPending);
    }

    [Fact]
    public void MalformedPackets_AreDroppedAndCounted_TransferUnharmed()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(10) });
        int sent = 0;
        int injected = 0;
        sim.BeforeStep = () =>
        {
            while (sent < 200 && sim.A.TotalBufferedAmount < 100_000)
            {
                sim.A.Send(0, 53, Payloads.Create(sent++, 4000), default, sim.Now);
            }

            if (sent % 20 == 0 && injected < 30)
            {
                injected += 3;
                sim.B.HandlePacket(new byte[] { 1, 2, 3 }, sim.Now);                                   // too short
                byte[] bad = Packet(sim.B.LocalVerificationTag, [(0, 3, new byte[40])]);
                bad[^1] ^= 0xFF;                                                                       // bad CRC
                sim.B.HandlePacket(bad, sim.Now);
                byte[] framing = Packet(sim.B.LocalVerificationTag, [(3, 0, new byte[12])]);
                framing[14] = 0xFF;                                                                    // chunk length past end
                BinaryPrimitives.WriteUInt32LittleEndian(framing.AsSpan(8), 0);
                BinaryPrimitives.WriteUInt32LittleEndian(framing.AsSpan(8), Crc32c.Compute(framing));
                sim.B.HandlePacket(framing, sim.Now);
            }
        };

        Assert.True(sim.RunUntil(() => b.MessageCount == 200, TimeSpan.FromMinutes(5)));
        Assert.Null(b.IntegrityError);
        Assert.True(injected > 0);
        Assert.Equal(injected, sim.B.Metrics.MalformedPacketsDropped);
        Assert.Equal(SctpAssociationState.Established, sim.B.State);
    }

    [Fact]
    public void WrongVerificationTag_IsIgnored()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b);
        byte[] abort = Packet(sim.B.LocalVerificationTag ^ 1, [(6, 0, [])]);
        sim.B.HandlePacket(abort, sim.Now);
        Assert.Equal(SctpAssociationState.Established, sim.B.State);
        Assert.Empty(b.Aborts);
        sim.B.HandlePacket(Packet(sim.B.LocalVerificationTag, [(6, 0, [])]), sim.Now);
        Assert.Equal(SctpAssociationState.Closed, sim.B.State);
        Assert.Single(b.Aborts);
    }

    [Fact]
    public void TamperedCookie_IsRejected()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Create(a, b);
        sim.Filter = (fromA, p) =>
        {
            if (fromA && p[12] == (byte)ChunkType.CookieEcho)
            {
                p[20] ^= 1; // flips a bit inside the cookie; the checksum still covers the original
                BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(8), 0);
                BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(8), Crc32c.Compute(p));
            }

            return true;
        };
        sim.A.Connect(sim.Now);
        sim.RunUntil(() => false, TimeSpan.FromSeconds(3));
        Assert.Equal(0, b.Connected);
        Assert.True(sim.B.Metrics.MalformedPacketsDropped > 0);
    }
}
