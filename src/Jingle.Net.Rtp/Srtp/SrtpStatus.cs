namespace Jingle.Net.Rtp.Srtp;

/// <summary>Outcome of an SRTP/SRTCP protect or unprotect call (libsrtp's srtp_err_status_t, reduced).</summary>
public enum SrtpStatus
{
    /// <summary>The packet was protected or unprotected.</summary>
    Ok = 0,

    /// <summary>The packet is too short or its RTP/RTCP header is malformed; it was dropped.</summary>
    Malformed,

    /// <summary>The caller's buffer has no room for the authentication tag / SRTCP trailer.</summary>
    BufferTooSmall,

    /// <summary>The authentication tag did not verify (RFC 3711 §3.3 step 5); the packet was dropped.</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already received or is older than the replay window (RFC 3711 §3.3.2).</summary>
    ReplayDetected,

    /// <summary>The context already tracks its maximum number of SSRCs; a packet from a new SSRC was dropped.</summary>
    TooManyStreams,
}
