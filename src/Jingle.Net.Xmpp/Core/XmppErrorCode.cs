namespace Jingle.Net.Xmpp;

/// <summary>Why an engine closed, as libjingle's <c>XmppEngine::Error</c>.</summary>
public enum XmppErrorCode
{
    /// <summary>No error (closed by us).</summary>
    None,

    /// <summary>Malformed or forbidden XML from the peer (ERROR_XML).</summary>
    Xml,

    /// <summary>The peer sent a stream error (ERROR_STREAM); see the condition.</summary>
    Stream,

    /// <summary>The peer does not speak XMPP 1.0 (ERROR_VERSION).</summary>
    Version,

    /// <summary>SASL authentication failed (ERROR_UNAUTHORIZED); see the SASL condition.</summary>
    Unauthorized,

    /// <summary>TLS was required and could not be negotiated, or the certificate was refused (ERROR_TLS).</summary>
    Tls,

    /// <summary>Resource binding or session establishment failed (ERROR_BIND).</summary>
    Bind,

    /// <summary>The connection dropped (ERROR_CONNECTION_CLOSED).</summary>
    ConnectionClosed,

    /// <summary>The peer closed its stream (ERROR_DOCUMENT_CLOSED).</summary>
    DocumentClosed,

    /// <summary>The TCP connection could not be made, or DNS failed (ERROR_SOCKET).</summary>
    Socket,
}
