using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>A presence stanza (RFC 6121 §4): availability, or a subscription request/answer.</summary>
public sealed class PresenceReceivedEventArgs(XmppElement stanza) : EventArgs
{
    /// <summary>The sender.</summary>
    public Jid? From { get; } = Jid.TryParse(stanza.From, out Jid? j) ? j : null;

    /// <summary>The type: null (available), unavailable, subscribe, subscribed, unsubscribe, unsubscribed, probe, error.</summary>
    public string? Type { get; } = stanza.Type;

    /// <summary>True for available presence.</summary>
    public bool IsAvailable => Type is null;

    /// <summary>away, chat, dnd, xa, or null (online).</summary>
    public string? Show { get; } = stanza.ChildText("show");

    /// <summary>The status text.</summary>
    public string? Status { get; } = stanza.ChildText("status");

    /// <summary>The priority (RFC 6121 §4.7.2.3), 0 when absent.</summary>
    public int Priority { get; } = int.TryParse(stanza.ChildText("priority"), System.Globalization.NumberStyles.AllowLeadingSign,
        System.Globalization.CultureInfo.InvariantCulture, out int p) ? Math.Clamp(p, -128, 127) : 0;

    /// <summary>The raw stanza.</summary>
    public XmppElement Stanza { get; } = stanza;
}
