using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>A reception report block (RFC 3550 §6.4.1), 24 bytes.</summary>
public sealed record RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint InterarrivalJitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        int lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], InterarrivalJitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }

    internal static RtcpReportBlock Read(ref RtcpReader reader)
    {
        uint ssrc = reader.ReadUInt32();
        uint word = reader.ReadUInt32();
        int lost = (int)(word << 8) >> 8; // 24-bit signed
        return new RtcpReportBlock(ssrc, (byte)(word >> 24), lost, reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
    }
}
