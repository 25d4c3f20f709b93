using System.Buffers.Binary;
using Jingle.Net.Sctp.Chunks;

namespace Jingle.Net.Sctp.Packet;

/// <summary>
/// Validates a received SCTP packet (length, CRC-32c or an accepted zero checksum, chunk framing) and iterates its
/// chunks without allocating. Never throws for malformed input.
/// </summary>
internal ref struct SctpPacketReader
{
    private readonly ReadOnlySpan<byte> _packet;
    private int _offset;

    private SctpPacketReader(ReadOnlySpan<byte> packet, SctpCommonHeader header)
    {
        _packet = packet;
        Header = header;
        _offset = SctpCommonHeader.Length;
    }

    public SctpCommonHeader Header { get; }

    /// <summary>
    /// Checks the packet. With <paramref name="acceptZeroChecksum"/> (RFC 9653, both sides agreed) a checksum field of
    /// zero is accepted without computing the CRC.
    /// </summary>
    public static SctpPacketParseResult TryCreate(ReadOnlySpan<byte> packet, bool acceptZeroChecksum, out SctpPacketReader reader)
    {
        reader = default;
        if (!SctpCommonHeader.TryParse(packet, out SctpCommonHeader header) || packet.Length < SctpCommonHeader.Length + ChunkCodec.HeaderLength)
        {
            return SctpPacketParseResult.TooShort;
        }

        if (!(acceptZeroChecksum && header.Checksum == 0))
        {
            uint crc = Crc32c.Append(0xFFFFFFFF, packet[..8]);
            crc = Crc32c.Append(crc, [0, 0, 0, 0]);
            crc = ~Crc32c.Append(crc, packet[12..]);
            if (crc != header.Checksum)
            {
                return SctpPacketParseResult.BadChecksum;
            }
        }

        // Validate chunk framing up front so handlers can trust every chunk they see.
        int offset = SctpCommonHeader.Length;
        while (offset < packet.Length)
        {
            if (packet.Length - offset < ChunkCodec.HeaderLength)
            {
                return SctpPacketParseResult.MalformedChunk;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            if (length < ChunkCodec.HeaderLength || length > packet.Length - offset)
            {
                return SctpPacketParseResult.MalformedChunk;
            }

            offset += ChunkCodec.Pad4(length);
        }

        reader = new SctpPacketReader(packet, header);
        return SctpPacketParseResult.Ok;
    }

    /// <summary>Moves to the next chunk; false at the end.</summary>
    public bool TryReadChunk(out SctpChunkView chunk)
    {
        if (_offset >= _packet.Length)
        {
            chunk = default;
            return false;
        }

        ReadOnlySpan<byte> rest = _packet[_offset..];
        int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
        chunk = new SctpChunkView(rest[0], rest[1], rest[ChunkCodec.HeaderLength..length]);
        _offset += ChunkCodec.Pad4(length);
        return true;
    }
}
