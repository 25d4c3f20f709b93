using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>Messages (RFC 6121 §5): send and receive.</summary>
public sealed class XmppMessages
{
    private readonly XmppClient _client;

    internal XmppMessages(XmppClient client)
    {
        _client = client;
        client.AddStanzaHandler(OnStanza, XmppHandlerLevel.Type);
    }

    /// <summary>Raised for every message received (on the signaling thread).</summary>
    public event EventHandler<MessageReceivedEventArgs>? Received;

    /// <summary>Sends a message; returns its id.</summary>
    public string Send(Jid to, string body, string type = "chat", string? thread = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(body);
        string id = _client.Environment.Random.NextIceString(16);
        var message = new XmppElement("message", XmppNamespaces.Client)
            .SetAttribute("to", to.ToString()).SetAttribute("type", type).SetAttribute("id", id);
        message.AddTextChild("body", body);
        if (thread is not null)
        {
            message.AddTextChild("thread", thread);
        }

        _client.Send(message);
        return id;
    }

    private bool OnStanza(XmppElement stanza)
    {
        if (stanza.Name != "message")
        {
            return false;
        }

        Received?.Invoke(this, new MessageReceivedEventArgs(stanza));
        return true;
    }
}
