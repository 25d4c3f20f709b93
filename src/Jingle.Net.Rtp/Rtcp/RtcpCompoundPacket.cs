using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>
/// Compound RTCP packets (RFC 3550 §6.1): parse into typed packets and write a list back. The validity checks
/// are those of RFC 3550 appendix A.2 — version 2 everywhere, lengths that add up to the datagram, padding only
/// in the last packet — and, unless reduced-size RTCP (RFC 5506) is allowed, a first packet that is an SR or RR.
/// </summary>
public static class RtcpCompoundPacket
{
    /// <summary>Parses every packet in <paramref name="data"/>; throws <see cref="RtpParseException"/> when malformed.</summary>
    public static IReadOnlyList<RtcpPacket> Parse(ReadOnlySpan<byte> data, bool allowReducedSize = true)
    {
        if (data.Length < RtcpPacket.HeaderLength)
        {
            throw new RtpParseException("Malformed RTCP: shorter than a header");
        }

        var packets = new List<RtcpPacket>();
        int offset = 0;
        while (offset < data.Length)
        {
            if (data.Length - offset < RtcpPacket.HeaderLength)
            {
                throw new RtpParseException("Malformed RTCP: trailing bytes after the last packet");
            }

            ReadOnlySpan<byte> header = data[offset..];
            if ((header[0] >> 6) != 2)
            {
                throw new RtpParseException("Malformed RTCP: version is not 2");
            }

            int length = (BinaryPrimitives.ReadUInt16BigEndian(header[2..]) + 1) * 4;
            if (length > data.Length - offset)
            {
                throw new RtpParseException("Malformed RTCP: length field runs past the datagram");
            }

            ReadOnlySpan<byte> body = data.Slice(offset + RtcpPacket.HeaderLength, length - RtcpPacket.HeaderLength);
            if ((header[0] & 0x20) != 0)
            {
                if (offset + length != data.Length)
                {
                    throw new RtpParseException("Malformed RTCP: padding in a packet that is not the last");
                }

                int padding = body.IsEmpty ? 0 : body[^1];
                if (padding == 0 || padding > body.Length)
                {
                    throw new RtpParseException("Malformed RTCP: invalid padding length");
                }

                body = body[..^padding];
            }

            byte countOrFormat = (byte)(header[0] & 0x1F);
            var type = (RtcpPacketType)header[1];
            if (packets.Count == 0 && !allowReducedSize && type is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
            {
                throw new RtpParseException("Malformed RTCP: a compound packet starts with SR or RR");
            }

            packets.Add(ParseOne(type, countOrFormat, body));
            offset += length;
        }

        return packets;
    }

    /// <summary>As <see cref="Parse"/>, returning false and a reason instead of throwing.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, bool allowReducedSize, out IReadOnlyList<RtcpPacket> packets, out string? error)
    {
        try
        {
            packets = Parse(data, allowReducedSize);
            error = null;
            return true;
        }
        catch (RtpParseException e)
        {
            packets = [];
            error = e.Message;
            return false;
        }
    }

    public static int GetSerializedLength(IEnumerable<RtcpPacket> packets) => packets.Sum(p => p.GetSerializedLength());

    public static bool TryWrite(IEnumerable<RtcpPacket> packets, Span<byte> destination, out int written)
    {
        written = 0;
        foreach (RtcpPacket packet in packets)
        {
            if (!packet.TryWrite(destination[written..], out int n))
            {
                written = 0;
                return false;
            }

            written += n;
        }

        return true;
    }

    private static RtcpPacket ParseOne(RtcpPacketType type, byte countOrFormat, ReadOnlySpan<byte> body) => type switch
    {
        RtcpPacketType.SenderReport => RtcpSenderReport.Read(countOrFormat, body),
        RtcpPacketType.ReceiverReport => RtcpReceiverReport.Read(countOrFormat, body),
        RtcpPacketType.SourceDescription => RtcpSourceDescription.Read(countOrFormat, body),
        RtcpPacketType.Bye => RtcpBye.Read(countOrFormat, body),
        RtcpPacketType.App => RtcpApp.Read(countOrFormat, body),
        RtcpPacketType.TransportFeedback when countOrFormat == RtcpGenericNack.Format => RtcpGenericNack.Read(body),
        RtcpPacketType.TransportFeedback when countOrFormat == RtcpTransportWideFeedback.Format => RtcpTransportWideFeedback.Read(body),
        RtcpPacketType.PayloadSpecificFeedback when countOrFormat == RtcpPictureLossIndication.Format => RtcpPictureLossIndication.Read(body),
        RtcpPacketType.PayloadSpecificFeedback when countOrFormat == RtcpFullIntraRequest.Format => RtcpFullIntraRequest.Read(body),
        RtcpPacketType.PayloadSpecificFeedback when countOrFormat == RtcpRemb.Format && RtcpRemb.IsRemb(body) => RtcpRemb.Read(body),
        _ => new RtcpUnknownPacket(type, countOrFormat, body[..(body.Length & ~3)].ToArray()),
    };
}
