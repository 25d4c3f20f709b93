using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Packet;

/// <summary>
/// Builds one outgoing SCTP packet in a caller's buffer: the common header, then chunks appended in place, then the
/// CRC-32c (or a zero checksum, RFC 9653) on <see cref="Finish"/>.
/// </summary>
internal ref struct SctpPacketWriter
{
    private readonly Span<byte> _buffer;

    public SctpPacketWriter(Span<byte> buffer, ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        _buffer = buffer;
        new SctpCommonHeader(sourcePort, destinationPort, verificationTag, 0).TryWrite(buffer);
        Length = SctpCommonHeader.Length;
    }

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>Space left for chunks.</summary>
    public readonly int Remaining => _buffer.Length - Length;

    /// <summary>True when only the header is written.</summary>
    public readonly bool IsEmpty => Length == SctpCommonHeader.Length;

    /// <summary>The free space; write a chunk into it and then call <see cref="Advance"/>.</summary>
    public readonly Span<byte> Free => _buffer[Length..];

    public void Advance(int written) => Length += written;

    /// <summary>Fills in the checksum and returns the packet length.</summary>
    public readonly int Finish(bool zeroChecksum)
    {
        uint checksum = zeroChecksum ? 0 : Crc32c.Compute(_buffer[..Length]);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[8..], checksum);
        return Length;
    }
}
