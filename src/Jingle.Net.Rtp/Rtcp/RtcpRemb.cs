using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>
/// REMB: receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03): PSFB FMT 15 (application layer
/// feedback) with the "REMB" identifier, a bitrate as 18-bit mantissa × 2^exp, and the SSRCs it applies to.
/// </summary>
public sealed class RtcpRemb : RtcpFeedbackPacket
{
    public const byte Format = 15;
    private const uint Identifier = 0x52454D42; // "REMB"

    /// <summary>Bits per second. Values above 2^18 are rounded down to what the mantissa/exponent form holds.</summary>
    public ulong Bitrate { get; set; }

    public IList<uint> Ssrcs { get; } = new List<uint>();

    public override RtcpPacketType PacketType => RtcpPacketType.PayloadSpecificFeedback;

    public override byte CountOrFormat => Format;

    internal static bool IsRemb(ReadOnlySpan<byte> body) => body.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(body[8..]) == Identifier;

    protected override int GetFciLength() => 8 + (4 * Ssrcs.Count);

    protected override void WriteFci(Span<byte> fci)
    {
        if (Ssrcs.Count > 255)
        {
            throw new InvalidOperationException("REMB carries at most 255 SSRCs.");
        }

        int exponent = 0;
        ulong mantissa = Bitrate;
        while (mantissa >= (1 << 18))
        {
            mantissa >>= 1;
            exponent++;
        }

        if (exponent > 63)
        {
            throw new InvalidOperationException("REMB bitrate out of range.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(fci, Identifier);
        BinaryPrimitives.WriteUInt32BigEndian(fci[4..], ((uint)Ssrcs.Count << 24) | ((uint)exponent << 18) | (uint)mantissa);
        for (int i = 0; i < Ssrcs.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci[(8 + (4 * i))..], Ssrcs[i]);
        }
    }

    internal static RtcpRemb Read(ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "REMB");
        var remb = new RtcpRemb { SenderSsrc = reader.ReadUInt32(), MediaSsrc = reader.ReadUInt32() };
        if (reader.ReadUInt32() != Identifier)
        {
            throw new RtpParseException("Malformed RTCP REMB: missing identifier");
        }

        uint word = reader.ReadUInt32();
        int count = (int)(word >> 24);
        int exponent = (int)((word >> 18) & 0x3F);
        ulong mantissa = word & 0x3FFFF;
        ulong bitrate = mantissa << exponent;
        remb.Bitrate = (bitrate >> exponent) == mantissa ? bitrate : ulong.MaxValue; // saturate what 64 bits cannot hold
        for (int i = 0; i < count; i++)
        {
            remb.Ssrcs.Add(reader.ReadUInt32());
        }

        return remb;
    }
}
