using System.Globalization;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>
/// Presence (RFC 6121 §3–4): our availability with show, status and priority (carrying our XEP-0115 caps), the
/// subscription handshake, and what contacts publish.
/// </summary>
public sealed class XmppPresence
{
    private readonly XmppClient _client;

    internal XmppPresence(XmppClient client)
    {
        _client = client;
        client.AddStanzaHandler(OnStanza, XmppHandlerLevel.Type);
    }

    /// <summary>Raised for every presence received (on the signaling thread).</summary>
    public event EventHandler<PresenceReceivedEventArgs>? Received;

    /// <summary>Raised when someone asks to subscribe to our presence; answer with <see cref="Approve"/> or <see cref="Deny"/>.</summary>
    public event EventHandler<PresenceReceivedEventArgs>? SubscriptionRequested;

    /// <summary>Broadcasts available presence.</summary>
    public void SendAvailable(string? show = null, string? status = null, int priority = 0)
    {
        if (show is not (null or "away" or "chat" or "dnd" or "xa"))
        {
            throw new ArgumentException("show must be away, chat, dnd or xa.", nameof(show));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(priority, -128);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, 127);
        var presence = new XmppElement("presence", XmppNamespaces.Client);
        if (show is not null)
        {
            presence.AddTextChild("show", show);
        }

        if (status is not null)
        {
            presence.AddTextChild("status", status);
        }

        if (priority != 0)
        {
            presence.AddTextChild("priority", priority.ToString(CultureInfo.InvariantCulture));
        }

        presence.AddChild(_client.Disco.CreateCapsElement());
        _client.Send(presence);
    }

    /// <summary>Broadcasts unavailable presence.</summary>
    public void SendUnavailable(string? status = null)
    {
        var presence = new XmppElement("presence", XmppNamespaces.Client).SetAttribute("type", "unavailable");
        if (status is not null)
        {
            presence.AddTextChild("status", status);
        }

        _client.Send(presence);
    }

    /// <summary>Asks <paramref name="contact"/> for a subscription to their presence.</summary>
    public void Subscribe(Jid contact) => SendTyped(contact, "subscribe");

    /// <summary>Approves a subscription request (or pre-approves one).</summary>
    public void Approve(Jid contact) => SendTyped(contact, "subscribed");

    /// <summary>Denies a subscription request or cancels an existing subscription to us.</summary>
    public void Deny(Jid contact) => SendTyped(contact, "unsubscribed");

    /// <summary>Cancels our subscription to <paramref name="contact"/>.</summary>
    public void Unsubscribe(Jid contact) => SendTyped(contact, "unsubscribe");

    private void SendTyped(Jid contact, string type)
    {
        ArgumentNullException.ThrowIfNull(contact);
        _client.Send(new XmppElement("presence", XmppNamespaces.Client).SetAttribute("to", contact.Bare.ToString()).SetAttribute("type", type));
    }

    private bool OnStanza(XmppElement stanza)
    {
        if (stanza.Name != "presence")
        {
            return false;
        }

        var args = new PresenceReceivedEventArgs(stanza);
        if (args.Type == "subscribe")
        {
            SubscriptionRequested?.Invoke(this, args);
        }

        Received?.Invoke(this, args);
        return true;
    }
}
