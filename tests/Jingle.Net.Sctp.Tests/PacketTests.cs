using System.Text;
using FsCheck.Xunit;
using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp.Tests;

public sealed class PacketTests
{
    [Fact]
    public void Crc32c_CheckValue_Matches()
    {
        // The CRC-32C check value (RFC 3720 Appendix B.4 family; "123456789" -> 0xE3069283).
        Assert.Equal(0xE3069283u, Crc32c.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Rfc3720_ThirtyTwoZeroBytes_Crc()
    {
        // RFC 3720 B.4: 32 bytes of zeroes -> aa 36 91 8a (little-endian on the wire).
        Assert.Equal(0x8A9136AAu, Crc32c.Compute(new byte[32]));
        byte[] ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        Assert.Equal(0x62A8AB43u, Crc32c.Compute(ones));
        byte[] incrementing = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(0x46DD794Eu, Crc32c.Compute(incrementing));
    }

    [Property]
    public bool Crc32c_Hardware_EqualsTable(byte[] data) =>
        Crc32c.Append(0xFFFFFFFF, data) == Crc32c.AppendSoftware(0xFFFFFFFF, data);

    private static byte[] BuildPacket(bool zeroChecksum, params SctpChunk[] chunks)
    {
        byte[] buffer = new byte[1200];
        var writer = new SctpPacketWriter(buffer, 5000, 5001, 0xDEADBEEF);
        foreach (SctpChunk chunk in chunks)
        {
            Assert.True(chunk.TryWrite(writer.Free, out int n));
            writer.Advance(n);
        }

        return buffer.AsSpan(0, writer.Finish(zeroChecksum)).ToArray();
    }

    [Fact]
    public void Packet_RoundTrips_WithChunks()
    {
        byte[] packet = BuildPacket(false, new ShutdownChunk(77), CookieAckChunk.Instance);
        Assert.Equal(SctpPacketParseResult.Ok, SctpPacketReader.TryCreate(packet, false, out SctpPacketReader reader));
        Assert.Equal(new SctpCommonHeader(5000, 5001, 0xDEADBEEF, reader.Header.Checksum), reader.Header);
        Assert.True(reader.TryReadChunk(out SctpChunkView first));
        Assert.Equal(ChunkType.Shutdown, first.Type);
        Assert.True(reader.TryReadChunk(out SctpChunkView second));
        Assert.Equal(ChunkType.CookieAck, second.Type);
        Assert.False(reader.TryReadChunk(out _));
    }

    [Fact]
    public void Packet_CorruptedByte_FailsChecksum()
    {
        byte[] packet = BuildPacket(false, new ShutdownChunk(77));
        packet[^1] ^= 1;
        Assert.Equal(SctpPacketParseResult.BadChecksum, SctpPacketReader.TryCreate(packet, false, out _));
    }

    [Fact]
    public void ZeroChecksum_AcceptedOnlyWhenNegotiated()
    {
        byte[] packet = BuildPacket(true, new ShutdownChunk(77));
        Assert.Equal(0, packet[8] | packet[9] | packet[10] | packet[11]);
        Assert.Equal(SctpPacketParseResult.BadChecksum, SctpPacketReader.TryCreate(packet, false, out _));
        Assert.Equal(SctpPacketParseResult.Ok, SctpPacketReader.TryCreate(packet, true, out _));
    }

    [Fact]
    public void Packet_ChunkLengthPastEnd_IsMalformed()
    {
        byte[] packet = BuildPacket(false, new ShutdownChunk(77));
        packet[14] = 0x10; // chunk length 4096
        byte[] fixedCrc = packet.ToArray();
        uint crc = Crc32c.Compute(Zeroed(fixedCrc));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(fixedCrc.AsSpan(8), crc);
        Assert.Equal(SctpPacketParseResult.MalformedChunk, SctpPacketReader.TryCreate(fixedCrc, false, out _));
    }

    private static byte[] Zeroed(byte[] packet)
    {
        byte[] copy = packet.ToArray();
        copy.AsSpan(8, 4).Clear();
        return copy;
    }

    [Property(MaxTest = 3000)]
    public void ArbitraryBytes_OnlyParseErrors(byte[] bytes, bool allowZero)
    {
        if (SctpPacketReader.TryCreate(bytes, allowZero, out SctpPacketReader reader) == SctpPacketParseResult.Ok)
        {
            while (reader.TryReadChunk(out SctpChunkView chunk))
            {
                _ = ControlChunkParser.TryParse(chunk.Type, chunk.Flags, chunk.Value, out _);
            }
        }
    }

    [Property(MaxTest = 2000)]
    public void ArbitraryChunks_WithValidChecksum_OnlyParseErrors(byte[] body)
    {
        // Valid CRC over arbitrary chunk bytes, so the chunk framing and parsers get exercised.
        byte[] packet = new byte[12 + body.Length];
        body.CopyTo(packet, 12);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), Crc32c.Compute(packet));
        if (SctpPacketReader.TryCreate(packet, false, out SctpPacketReader reader) == SctpPacketParseResult.Ok)
        {
            while (reader.TryReadChunk(out SctpChunkView chunk))
            {
                _ = ControlChunkParser.TryParse(chunk.Type, chunk.Flags, chunk.Value, out _);
                _ = DataChunk.TryParse(chunk.Flags, chunk.Value, out _);
            }
        }
    }
}
