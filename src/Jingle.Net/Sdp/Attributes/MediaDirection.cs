namespace Jingle.Net.Sdp;

/// <summary>
/// The direction attributes (RFC 8866 §6.7) and the W3C RTCRtpTransceiverDirection values they map to.
/// </summary>
public enum MediaDirection
{
    /// <summary>"sendrecv", the default when no direction attribute is present.</summary>
    SendRecv,

    /// <summary>"sendonly".</summary>
    SendOnly,

    /// <summary>"recvonly".</summary>
    RecvOnly,

    /// <summary>"inactive".</summary>
    Inactive,
}
