namespace Jingle.Net;

/// <summary>W3C RTCRtpTransceiverDirection.</summary>
public enum RtpTransceiverDirection
{
    /// <summary>"sendrecv".</summary>
    SendRecv,

    /// <summary>"sendonly".</summary>
    SendOnly,

    /// <summary>"recvonly".</summary>
    RecvOnly,

    /// <summary>"inactive".</summary>
    Inactive,

    /// <summary>"stopped": the transceiver was stopped (its m-line is rejected with port 0).</summary>
    Stopped,
}
