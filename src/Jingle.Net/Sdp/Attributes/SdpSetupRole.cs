namespace Jingle.Net.Sdp;

/// <summary>The <c>a=setup</c> values (RFC 4145 §4, RFC 8842 §5).</summary>
public enum SdpSetupRole
{
    /// <summary>"actpass": the offerer's role, either side may connect.</summary>
    ActPass,

    /// <summary>"active": this endpoint starts the DTLS handshake (the answerer's default, RFC 8842 §5.3).</summary>
    Active,

    /// <summary>"passive": this endpoint waits for the handshake.</summary>
    Passive,

    /// <summary>"holdconn": no connection now.</summary>
    HoldConn,
}
