namespace Jingle.Net.Rtp.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Bye = 203,
    App = 204,

    /// <summary>RTPFB: transport layer feedback (generic NACK, transport-wide CC).</summary>
    TransportFeedback = 205,

    /// <summary>PSFB: payload-specific feedback (PLI, FIR, REMB).</summary>
    PayloadSpecificFeedback = 206,
}
