namespace Jingle.Net.Rtp;

/// <summary>What a datagram on an rtcp-mux transport is.</summary>
public enum RtpPacketKind
{
    Unknown = 0,
    Rtp,
    Rtcp,
}

/// <summary>
/// rtcp-mux demultiplexing (RFC 5761 §4): with RTP and RTCP on one port, the second byte tells them apart —
/// RTCP packet types 192–223 sit where RTP would have the marker bit set and payload types 64–95, which RTP
/// sessions using rtcp-mux must not use. The first byte must be 128–191 (RFC 7983: RTP/RTCP, not STUN/DTLS).
/// </summary>
public static class RtpDemultiplexer
{
    public static RtpPacketKind Classify(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 2 || packet[0] is < 128 or > 191)
        {
            return RtpPacketKind.Unknown;
        }

        if (packet[1] is >= 192 and <= 223)
        {
            return packet.Length >= RtcpWireLength ? RtpPacketKind.Rtcp : RtpPacketKind.Unknown;
        }

        return packet.Length >= RtpWire.FixedHeaderLength ? RtpPacketKind.Rtp : RtpPacketKind.Unknown;
    }

    private const int RtcpWireLength = 8;
}
