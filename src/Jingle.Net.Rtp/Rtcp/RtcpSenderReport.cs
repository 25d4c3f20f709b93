using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>SR: sender report (RFC 3550 §6.4.1).</summary>
public sealed class RtcpSenderReport : RtcpPacket
{
    public uint Ssrc { get; set; }

    /// <summary>64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low 32).</summary>
    public ulong NtpTimestamp { get; set; }

    public uint RtpTimestamp { get; set; }

    public uint PacketCount { get; set; }

    public uint OctetCount { get; set; }

    /// <summary>Up to 31 report blocks.</summary>
    public IList<RtcpReportBlock> ReportBlocks { get; } = new List<RtcpReportBlock>();

    public override RtcpPacketType PacketType => RtcpPacketType.SenderReport;

    public override byte CountOrFormat => (byte)ReportBlocks.Count;

    protected override int GetBodyLength() => 24 + (RtcpReportBlock.Length * ReportBlocks.Count);

    protected override void WriteBody(Span<byte> body)
    {
        if (ReportBlocks.Count > 31)
        {
            throw new InvalidOperationException("An SR carries at most 31 report blocks.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(body, Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(body[4..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[12..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(body[20..], OctetCount);
        for (int i = 0; i < ReportBlocks.Count; i++)
        {
            ReportBlocks[i].Write(body[(24 + (i * RtcpReportBlock.Length))..]);
        }
    }

    internal static RtcpSenderReport Read(byte count, ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "SR");
        var sr = new RtcpSenderReport
        {
            Ssrc = reader.ReadUInt32(),
            NtpTimestamp = reader.ReadUInt64(),
            RtpTimestamp = reader.ReadUInt32(),
            PacketCount = reader.ReadUInt32(),
            OctetCount = reader.ReadUInt32(),
        };
        for (int i = 0; i < count; i++)
        {
            sr.ReportBlocks.Add(RtcpReportBlock.Read(ref reader));
        }

        return sr; // profile-specific extensions after the blocks are ignored (RFC 3550 §6.4.1)
    }
}
