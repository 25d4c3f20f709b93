using System.Buffers.Binary;

namespace Jingle.Net.Rtp;

/// <summary>
/// An allocation-free view of an RTP packet (RFC 3550 §5.1) over the caller's bytes, for the receive path.
/// Valid only as long as the bytes are; <see cref="RtpPacket"/> is the owning model for building packets.
/// </summary>
public readonly ref struct RtpPacketView
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _csrcEnd;
    private readonly int _headerLength;
    private readonly int _payloadEnd;

    private RtpPacketView(ReadOnlySpan<byte> packet, int csrcEnd, int headerLength, int payloadEnd)
    {
        _packet = packet;
        _csrcEnd = csrcEnd;
        _headerLength = headerLength;
        _payloadEnd = payloadEnd;
    }

    public bool HasPadding => (_packet[0] & 0x20) != 0;

    public bool HasExtension => (_packet[0] & 0x10) != 0;

    public int CsrcCount => _packet[0] & 0x0F;

    public bool Marker => (_packet[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>Length of the header with CSRCs and extension.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>The "defined by profile" field of the extension header (0xBEDE: one-byte form; 0x100X: two-byte form).</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_packet[_csrcEnd..]) : (ushort)0;

    /// <summary>The extension data after its 4-byte header.</summary>
    public ReadOnlySpan<byte> ExtensionData => HasExtension ? _packet[(_csrcEnd + 4).._headerLength] : default;

    public ReadOnlySpan<byte> Payload => _packet[_headerLength.._payloadEnd];

    /// <summary>Padding bytes at the end (RFC 3550 §5.1 P bit), including the count byte.</summary>
    public int PaddingLength => _packet.Length - _payloadEnd;

    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(12 + (4 * index))..]);
    }

    /// <summary>The value of extension element <paramref name="id"/> in the one- or two-byte form (RFC 8285).</summary>
    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> value)
    {
        var reader = new RtpHeaderExtensionReader(ExtensionProfile, ExtensionData);
        while (reader.TryRead(out byte elementId, out ReadOnlySpan<byte> data))
        {
            if (elementId == id)
            {
                value = data;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Parses <paramref name="packet"/>; false (and a reason) when it is not well-formed RTP.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacketView view, out string? error)
    {
        view = default;
        if (packet.Length < RtpWire.FixedHeaderLength)
        {
            error = "shorter than the 12-byte RTP header";
            return false;
        }

        if ((packet[0] >> 6) != 2)
        {
            error = "RTP version is not 2";
            return false;
        }

        int csrcEnd = RtpWire.FixedHeaderLength + (4 * (packet[0] & 0x0F));
        if (csrcEnd > packet.Length)
        {
            error = "CSRC list runs past the end";
            return false;
        }

        int headerLength = csrcEnd;
        if ((packet[0] & 0x10) != 0)
        {
            if (csrcEnd + 4 > packet.Length)
            {
                error = "header extension header runs past the end";
                return false;
            }

            headerLength = csrcEnd + 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(csrcEnd + 2)..]));
            if (headerLength > packet.Length)
            {
                error = "header extension runs past the end";
                return false;
            }
        }

        int payloadEnd = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            int padding = packet[^1];
            if (padding == 0 || headerLength + padding > packet.Length)
            {
                error = "invalid padding length";
                return false;
            }

            payloadEnd -= padding;
        }

        view = new RtpPacketView(packet, csrcEnd, headerLength, payloadEnd);
        error = null;
        return true;
    }

    /// <summary>Parses <paramref name="packet"/>; throws <see cref="RtpParseException"/> when it is not well-formed RTP.</summary>
    public static RtpPacketView Parse(ReadOnlySpan<byte> packet)
        => TryParse(packet, out RtpPacketView view, out string? error) ? view : throw new RtpParseException("Malformed RTP packet: " + error);
}
