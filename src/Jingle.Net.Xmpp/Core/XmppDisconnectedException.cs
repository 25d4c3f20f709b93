namespace Jingle.Net.Xmpp;

/// <summary>The stream closed while a request was pending.</summary>
public sealed class XmppDisconnectedException : Exception
{
    public XmppDisconnectedException()
        : base("The XMPP stream closed before the response arrived.")
    {
    }

    public XmppDisconnectedException(string message)
        : base(message)
    {
    }

    public XmppDisconnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
