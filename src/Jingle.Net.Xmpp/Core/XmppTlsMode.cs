namespace Jingle.Net.Xmpp;

/// <summary>How the stream gets TLS.</summary>
public enum XmppTlsMode
{
    /// <summary>STARTTLS is required (RFC 6120 §5); a server that does not offer it is refused.</summary>
    StartTls,

    /// <summary>TLS from the first byte (XEP-0368 direct TLS, <c>_xmpps-client._tcp</c>).</summary>
    DirectTls,

    /// <summary>
    /// No TLS: only for tests on loopback. PLAIN is never used without TLS, so only SCRAM can log in; a server with
    /// <c>c2s_require_encryption</c> refuses authentication.
    /// </summary>
    None,
}
