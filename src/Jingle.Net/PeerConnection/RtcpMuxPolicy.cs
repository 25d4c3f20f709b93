namespace Jingle.Net;

/// <summary>
/// W3C RTCRtcpMuxPolicy. Only "require" exists: RTP and RTCP share one transport (RFC 8843/RFC 5761), and a remote
/// description whose media sections do not multiplex RTCP is not supported. W3C dropped "negotiate" (separate RTCP
/// ports) from the specification; it is not implemented here either.
/// </summary>
public enum RtcpMuxPolicy
{
    /// <summary>"require": RTCP is multiplexed with RTP; offers carry a=rtcp-mux (and a=rtcp-mux-only semantics).</summary>
    Require,
}
