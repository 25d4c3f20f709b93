using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>XMPP ping (XEP-0199): answers pings and measures round trips on the injected clock.</summary>
public sealed class XmppPing
{
    private readonly XmppClient _client;

    internal XmppPing(XmppClient client)
    {
        _client = client;
        client.AddStanzaHandler(OnStanza, XmppHandlerLevel.Type);
    }

    /// <summary>Pings <paramref name="jid"/> (null = our server) and returns the round-trip time.</summary>
    public async Task<TimeSpan> PingAsync(Jid? jid = null, CancellationToken cancellationToken = default)
    {
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get")
            .SetAttribute("to", (jid ?? Jid.Parse(_client.Options.Jid.Domain)).ToString());
        iq.AddChild("ping", XmppNamespaces.Ping);
        TimeProvider time = _client.Environment.TimeProvider;
        long start = time.GetTimestamp();
        await _client.SendIqAsync(iq, cancellationToken: cancellationToken);
        return time.GetElapsedTime(start);
    }

    private bool OnStanza(XmppElement stanza)
    {
        if (stanza.Name != "iq" || stanza.Type != "get" || stanza.Element("ping", XmppNamespaces.Ping) is null)
        {
            return false;
        }

        _client.Engine?.Send(XmppEngine.CreateResultReply(stanza));
        return true;
    }
}
