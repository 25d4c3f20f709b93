using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

/// <summary>A stanza handler: recognise synchronously, process asynchronously (libjingle's XmppTask).</summary>
public interface IXmppStanzaHandler
{
    /// <summary>True when the stanza is consumed (ignored at <see cref="XmppHandlerLevel.Peek"/>).</summary>
    bool HandleStanza(XmppElement stanza);
}
