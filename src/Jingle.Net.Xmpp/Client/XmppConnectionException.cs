namespace Jingle.Net.Xmpp;

/// <summary>
/// Connecting or logging in failed. <see cref="Error"/> says where (socket, TLS, SASL, bind); <see cref="Condition"/>
/// carries the SASL or stream error condition (<c>not-authorized</c>) when the server gave one.
/// </summary>
public sealed class XmppConnectionException : Exception
{
    public XmppConnectionException()
        : this(XmppErrorCode.Socket, null, "XMPP connection failed.")
    {
    }

    public XmppConnectionException(string message)
        : this(XmppErrorCode.Socket, null, message)
    {
    }

    public XmppConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = XmppErrorCode.Socket;
    }

    public XmppConnectionException(XmppErrorCode error, string? condition, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        Condition = condition;
    }

    /// <summary>Where it failed.</summary>
    public XmppErrorCode Error { get; }

    /// <summary>The SASL or stream error condition, if any.</summary>
    public string? Condition { get; }
}
