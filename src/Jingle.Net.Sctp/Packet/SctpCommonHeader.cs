using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Packet;

/// <summary>The SCTP common header (RFC 9260 §3.1): ports, verification tag and checksum.</summary>
internal readonly record struct SctpCommonHeader(ushort SourcePort, ushort DestinationPort, uint VerificationTag, uint Checksum)
{
    public const int Length = 12;

    public static bool TryParse(ReadOnlySpan<byte> packet, out SctpCommonHeader header)
    {
        if (packet.Length < Length)
        {
            header = default;
            return false;
        }

        header = new SctpCommonHeader(
            BinaryPrimitives.ReadUInt16BigEndian(packet),
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(packet[8..]));
        return true;
    }

    /// <summary>True when the packet is long enough to have a header and its checksum field is 0 (RFC 9653).</summary>
    public static bool HasZeroChecksum(ReadOnlySpan<byte> packet) =>
        packet.Length >= Length && BinaryPrimitives.ReadUInt32LittleEndian(packet[8..]) == 0;

    /// <summary>Writes the header with a zero checksum (the packet writer fills it in at the end).</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], VerificationTag);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Checksum);
        return true;
    }
}
