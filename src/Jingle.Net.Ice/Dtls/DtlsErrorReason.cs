namespace Jingle.Net.Ice.Dtls;

/// <summary>Why a <see cref="DtlsTransport"/> failed.</summary>
public enum DtlsErrorReason
{
    /// <summary>The peer's certificate does not hash to the fingerprint signaled for it (RFC 8122 §5).</summary>
    FingerprintMismatch,

    /// <summary>The peer sent no certificate (WebRTC requires one from both sides).</summary>
    NoPeerCertificate,

    /// <summary>No SRTP protection profile in common while one was required (RFC 5764 §4.1.1).</summary>
    NoCommonSrtpProfile,

    /// <summary>The handshake did not complete within the configured handshake timeout.</summary>
    HandshakeTimeout,

    /// <summary>The peer sent a fatal alert.</summary>
    FatalAlertReceived,

    /// <summary>The handshake or a record failed locally (a fatal alert was sent).</summary>
    ProtocolError,
}
