namespace Jingle.Net.Xmpp;

/// <summary>Stanza handler priorities, in dispatch order (libjingle's <c>XmppEngine::HandlerLevel</c>).</summary>
public enum XmppHandlerLevel
{
    /// <summary>Sees every stanza and cannot consume it (logging, stream management counting).</summary>
    Peek,

    /// <summary>One-shot handlers such as IQ response matching.</summary>
    Single,

    /// <summary>Handlers for stanzas from a particular sender (a session with one peer).</summary>
    Sender,

    /// <summary>Handlers for a stanza type or payload namespace (roster pushes, pings, disco).</summary>
    Type,

    /// <summary>Catch-all handlers.</summary>
    All,
}
