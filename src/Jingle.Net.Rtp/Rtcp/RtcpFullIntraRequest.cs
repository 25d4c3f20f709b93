using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>FIR: full intra request (RFC 5104 §4.3.1): PSFB FMT 4; media SSRC is 0, each FCI names an SSRC and a command sequence number.</summary>
public sealed class RtcpFullIntraRequest : RtcpFeedbackPacket
{
    public const byte Format = 4;

    public IList<(uint Ssrc, byte SequenceNumber)> Entries { get; } = new List<(uint, byte)>();

    public override RtcpPacketType PacketType => RtcpPacketType.PayloadSpecificFeedback;

    public override byte CountOrFormat => Format;

    protected override int GetFciLength() => 8 * Entries.Count;

    protected override void WriteFci(Span<byte> fci)
    {
        for (int i = 0; i < Entries.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci[(8 * i)..], Entries[i].Ssrc);
            fci[(8 * i) + 4] = Entries[i].SequenceNumber;
        }
    }

    internal static RtcpFullIntraRequest Read(ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "FIR");
        var fir = new RtcpFullIntraRequest { SenderSsrc = reader.ReadUInt32(), MediaSsrc = reader.ReadUInt32() };
        if (reader.Remaining % 8 != 0)
        {
            throw new RtpParseException("Malformed RTCP FIR: FCI is not a whole number of entries");
        }

        while (reader.Remaining > 0)
        {
            uint ssrc = reader.ReadUInt32();
            byte seq = reader.ReadByte();
            reader.Skip(3);
            fir.Entries.Add((ssrc, seq));
        }

        return fir;
    }
}
