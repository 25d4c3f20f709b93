using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>
/// The roster (RFC 6121 §2): get with versioning, roster pushes (only from our own account or our server — any
/// other sender's push is ignored, RFC 6121 §2.1.6), add and remove.
/// </summary>
public sealed class XmppRoster
{
    private readonly XmppClient _client;
    private readonly Dictionary<Jid, RosterItem> _items = [];

    internal XmppRoster(XmppClient client)
    {
        _client = client;
        client.AddStanzaHandler(OnStanza, XmppHandlerLevel.Type);
    }

    /// <summary>The roster version last seen (XEP-0237 / RFC 6121 §2.6), or null.</summary>
    public string? Version { get; private set; }

    /// <summary>Pushes ignored because they came from someone else.</summary>
    public int IgnoredPushes { get; private set; }

    /// <summary>A snapshot of the items (read it on the signaling thread or after an await on the client).</summary>
    public IReadOnlyList<RosterItem> Items => [.. _items.Values];

    /// <summary>Raised on the signaling thread when the roster changes.</summary>
    public event EventHandler<RosterChangedEventArgs>? Changed;

    /// <summary>Requests the roster (with our version when we have one; an empty result means "unchanged").</summary>
    public Task<IReadOnlyList<RosterItem>> GetAsync(CancellationToken cancellationToken = default) =>
        _client.InvokeOnThreadAsync<IReadOnlyList<RosterItem>>(async () =>
        {
            var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get");
            XmppElement query = iq.AddChild("query", XmppNamespaces.Roster);
            if (Version is not null)
            {
                query.SetAttribute("ver", Version);
            }

            XmppElement result = await _client.Engine!.SendIqAsync(iq, cancellationToken: cancellationToken);
            if (result.Element("query", XmppNamespaces.Roster) is { } q)
            {
                _items.Clear();
                foreach (XmppElement item in q.Elements("item", XmppNamespaces.Roster))
                {
                    if (ParseItem(item) is { } parsed && parsed.Subscription != "remove")
                    {
                        _items[parsed.Jid] = parsed;
                    }
                }

                Version = q.GetAttribute("ver") ?? Version;
                Changed?.Invoke(this, new RosterChangedEventArgs(null, false));
            }

            return Items;
        });

    /// <summary>Adds or updates a contact (RFC 6121 §2.3).</summary>
    public Task SetAsync(Jid jid, string? name = null, IEnumerable<string>? groups = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "set");
        XmppElement item = iq.AddChild("query", XmppNamespaces.Roster).AddChild("item", XmppNamespaces.Roster)
            .SetAttribute("jid", jid.Bare.ToString()).SetAttribute("name", name);
        foreach (string group in groups ?? [])
        {
            item.AddTextChild("group", group);
        }

        return _client.SendIqAsync(iq, cancellationToken: cancellationToken);
    }

    /// <summary>Removes a contact (RFC 6121 §2.5).</summary>
    public Task RemoveAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "set");
        iq.AddChild("query", XmppNamespaces.Roster).AddChild("item", XmppNamespaces.Roster)
            .SetAttribute("jid", jid.Bare.ToString()).SetAttribute("subscription", "remove");
        return _client.SendIqAsync(iq, cancellationToken: cancellationToken);
    }

    private bool OnStanza(XmppElement stanza)
    {
        if (stanza.Name != "iq" || stanza.Type != "set" || stanza.Element("query", XmppNamespaces.Roster) is not { } query)
        {
            return false;
        }

        Jid? me = _client.BoundJid;
        bool trusted = stanza.From is null
            || (Jid.TryParse(stanza.From, out Jid? from) && me is not null
                && (from == me.Bare || (from.Local is null && from.Resource is null && from.Domain == me.Domain)));
        if (!trusted)
        {
            // RFC 6121 §2.1.6: a push from anyone else is a spoofing attempt; ignore it, do not even answer.
            IgnoredPushes++;
            XmppLog.Ignored(_client.Logger, "roster push", stanza.From);
            return true;
        }

        List<XmppElement> items = [.. query.Elements("item", XmppNamespaces.Roster)];
        if (items.Count != 1 || ParseItem(items[0]) is not { } item)
        {
            _client.Engine?.Send(XmppEngine.CreateErrorReply(stanza, "bad-request", "modify"));
            return true;
        }

        bool removed = item.Subscription == "remove";
        if (removed)
        {
            _items.Remove(item.Jid);
        }
        else
        {
            _items[item.Jid] = item;
        }

        Version = query.GetAttribute("ver") ?? Version;
        _client.Engine?.Send(XmppEngine.CreateResultReply(stanza));
        Changed?.Invoke(this, new RosterChangedEventArgs(item, removed));
        return true;
    }

    private static RosterItem? ParseItem(XmppElement item)
    {
        if (!Jid.TryParse(item.GetAttribute("jid"), out Jid? jid))
        {
            return null;
        }

        return new RosterItem(jid.Bare, item.GetAttribute("name"), item.GetAttribute("subscription") ?? "none",
            item.GetAttribute("ask") == "subscribe", [.. item.Elements("group", XmppNamespaces.Roster).Select(g => g.Text)]);
    }
}
