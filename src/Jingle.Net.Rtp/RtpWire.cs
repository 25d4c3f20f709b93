using System.Buffers.Binary;

namespace Jingle.Net.Rtp;

/// <summary>Allocation-free peeks into RTP and RTCP bytes, for SRTP and demultiplexing.</summary>
internal static class RtpWire
{
    /// <summary>Size of the fixed RTP header (RFC 3550 §5.1).</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>
    /// Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1, §5.3.1); false when the
    /// version is not 2 or the header does not fit in <paramref name="packet"/>.
    /// </summary>
    public static bool TryGetHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedHeaderLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        int length = FixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }
}
