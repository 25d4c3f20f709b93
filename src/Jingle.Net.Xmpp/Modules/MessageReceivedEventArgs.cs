using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>A message stanza (RFC 6121 §5).</summary>
public sealed class MessageReceivedEventArgs(XmppElement stanza) : EventArgs
{
    /// <summary>The sender.</summary>
    public Jid? From { get; } = Jid.TryParse(stanza.From, out Jid? j) ? j : null;

    /// <summary>The message type (normal when absent).</summary>
    public string Type { get; } = stanza.Type ?? "normal";

    /// <summary>The body text, or null.</summary>
    public string? Body { get; } = stanza.ChildText("body");

    /// <summary>The thread id, or null.</summary>
    public string? Thread { get; } = stanza.ChildText("thread");

    /// <summary>The stanza id.</summary>
    public string? Id { get; } = stanza.Id;

    /// <summary>The raw stanza.</summary>
    public XmppElement Stanza { get; } = stanza;
}
