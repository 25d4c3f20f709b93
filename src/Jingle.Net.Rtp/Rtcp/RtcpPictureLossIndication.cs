namespace Jingle.Net.Rtp.Rtcp;

/// <summary>PLI: picture loss indication (RFC 4585 §6.3.1): PSFB FMT 1, no FCI.</summary>
public sealed class RtcpPictureLossIndication : RtcpFeedbackPacket
{
    public const byte Format = 1;

    public override RtcpPacketType PacketType => RtcpPacketType.PayloadSpecificFeedback;

    public override byte CountOrFormat => Format;

    protected override int GetFciLength() => 0;

    protected override void WriteFci(Span<byte> fci)
    {
    }

    internal static RtcpPictureLossIndication Read(ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "PLI");
        return new RtcpPictureLossIndication { SenderSsrc = reader.ReadUInt32(), MediaSsrc = reader.ReadUInt32() };
    }
}
