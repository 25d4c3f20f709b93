using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>RR: receiver report (RFC 3550 §6.4.2).</summary>
public sealed class RtcpReceiverReport : RtcpPacket
{
    public uint Ssrc { get; set; }

    /// <summary>Up to 31 report blocks.</summary>
    public IList<RtcpReportBlock> ReportBlocks { get; } = new List<RtcpReportBlock>();

    public override RtcpPacketType PacketType => RtcpPacketType.ReceiverReport;

    public override byte CountOrFormat => (byte)ReportBlocks.Count;

    protected override int GetBodyLength() => 4 + (RtcpReportBlock.Length * ReportBlocks.Count);

    protected override void WriteBody(Span<byte> body)
    {
        if (ReportBlocks.Count > 31)
        {
            throw new InvalidOperationException("An RR carries at most 31 report blocks.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(body, Ssrc);
        for (int i = 0; i < ReportBlocks.Count; i++)
        {
            ReportBlocks[i].Write(body[(4 + (i * RtcpReportBlock.Length))..]);
        }
    }

    internal static RtcpReceiverReport Read(byte count, ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "RR");
        var rr = new RtcpReceiverReport { Ssrc = reader.ReadUInt32() };
        for (int i = 0; i < count; i++)
        {
            rr.ReportBlocks.Add(RtcpReportBlock.Read(ref reader));
        }

        return rr;
    }
}
