using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>
/// Service discovery (XEP-0030) and entity capabilities (XEP-0115): answers disco#info (also for our caps node)
/// and disco#items, advertises the features of the modules in use, and queries other entities.
/// </summary>
public sealed class XmppDisco
{
    /// <summary>Our caps node (XEP-0115 §4).</summary>
    public const string CapsNode = "https://github.com/jingle-net/jingle-net";

    private readonly XmppClient _client;
    private readonly List<string> _features =
    [
        XmppNamespaces.DiscoInfo, XmppNamespaces.DiscoItems, XmppNamespaces.Caps, XmppNamespaces.Ping,
    ];

    internal XmppDisco(XmppClient client)
    {
        _client = client;
        client.AddStanzaHandler(OnStanza, XmppHandlerLevel.Type);
    }

    /// <summary>Our identity: a client on a PC.</summary>
    public DiscoIdentity Identity { get; } = new("client", "pc", "Jingle.Net");

    /// <summary>The features we advertise.</summary>
    public IReadOnlyList<string> Features => _features;

    /// <summary>Our XEP-0115 ver hash.</summary>
    public string CapsVer => EntityCapabilities.ComputeVer([Identity], _features);

    /// <summary>Advertises another feature (a later Jingle module adds its namespaces here).</summary>
    public void AddFeature(string feature)
    {
        ArgumentException.ThrowIfNullOrEmpty(feature);
        if (!_features.Contains(feature, StringComparer.Ordinal))
        {
            _features.Add(feature);
        }
    }

    /// <summary>The &lt;c/&gt; element for our presence.</summary>
    public XmppElement CreateCapsElement() =>
        new XmppElement("c", XmppNamespaces.Caps).SetAttribute("hash", "sha-1").SetAttribute("node", CapsNode).SetAttribute("ver", CapsVer);

    /// <summary>Asks <paramref name="jid"/> for its identities and features.</summary>
    public async Task<DiscoInfo> GetInfoAsync(Jid jid, string? node = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get").SetAttribute("to", jid.ToString());
        iq.AddChild("query", XmppNamespaces.DiscoInfo).SetAttribute("node", node);
        XmppElement result = await _client.SendIqAsync(iq, cancellationToken: cancellationToken);
        XmppElement? query = result.Element("query", XmppNamespaces.DiscoInfo);
        return new DiscoInfo(
            [.. query?.Elements("identity", XmppNamespaces.DiscoInfo).Select(i => new DiscoIdentity(
                i.GetAttribute("category") ?? string.Empty, i.GetAttribute("type") ?? string.Empty, i.GetAttribute("name"),
                i.GetAttribute("lang", XmppNamespaces.Xml))) ?? []],
            [.. query?.Elements("feature", XmppNamespaces.DiscoInfo).Select(f => f.GetAttribute("var") ?? string.Empty) ?? []]);
    }

    /// <summary>Asks <paramref name="jid"/> for its items.</summary>
    public async Task<IReadOnlyList<DiscoItem>> GetItemsAsync(Jid jid, string? node = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get").SetAttribute("to", jid.ToString());
        iq.AddChild("query", XmppNamespaces.DiscoItems).SetAttribute("node", node);
        XmppElement result = await _client.SendIqAsync(iq, cancellationToken: cancellationToken);
        return [.. result.Element("query", XmppNamespaces.DiscoItems)?.Elements("item", XmppNamespaces.DiscoItems)
            .Select(i => new DiscoItem(i.GetAttribute("jid") ?? string.Empty, i.GetAttribute("node"), i.GetAttribute("name"))) ?? []];
    }

    private bool OnStanza(XmppElement stanza)
    {
        if (stanza.Name != "iq" || stanza.Type != "get")
        {
            return false;
        }

        if (stanza.Element("query", XmppNamespaces.DiscoInfo) is { } info)
        {
            string? node = info.GetAttribute("node");
            if (node is not null && node != CapsNode + "#" + CapsVer)
            {
                _client.Engine?.Send(XmppEngine.CreateErrorReply(stanza, "item-not-found"));
                return true;
            }

            XmppElement reply = XmppEngine.CreateResultReply(stanza);
            XmppElement query = reply.AddChild("query", XmppNamespaces.DiscoInfo).SetAttribute("node", node);
            query.AddChild("identity", XmppNamespaces.DiscoInfo).SetAttribute("category", Identity.Category)
                .SetAttribute("type", Identity.Type).SetAttribute("name", Identity.Name);
            foreach (string feature in _features)
            {
                query.AddChild("feature", XmppNamespaces.DiscoInfo).SetAttribute("var", feature);
            }

            _client.Engine?.Send(reply);
            return true;
        }

        if (stanza.Element("query", XmppNamespaces.DiscoItems) is not null)
        {
            XmppElement reply = XmppEngine.CreateResultReply(stanza);
            reply.AddChild("query", XmppNamespaces.DiscoItems);
            _client.Engine?.Send(reply);
            return true;
        }

        return false;
    }
}
