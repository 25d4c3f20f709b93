using System.Globalization;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>External service discovery (XEP-0215): asks the server for STUN/TURN servers and credentials.</summary>
public sealed class XmppExternalServices
{
    private readonly XmppClient _client;

    internal XmppExternalServices(XmppClient client) => _client = client;

    /// <summary>Requests the services (optionally of one <paramref name="type"/>: stun, turn, turns).</summary>
    public async Task<IReadOnlyList<ExternalService>> GetServicesAsync(string? type = null, Jid? server = null, CancellationToken cancellationToken = default)
    {
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get")
            .SetAttribute("to", (server ?? Jid.Parse(_client.Options.Jid.Domain)).ToString());
        iq.AddChild("services", XmppNamespaces.ExternalServices).SetAttribute("type", type);
        XmppElement result = await _client.SendIqAsync(iq, cancellationToken: cancellationToken);
        return Parse(result);
    }

    internal static IReadOnlyList<ExternalService> Parse(XmppElement result)
    {
        var list = new List<ExternalService>();
        foreach (XmppElement s in result.Element("services", XmppNamespaces.ExternalServices)?.Elements("service", XmppNamespaces.ExternalServices) ?? [])
        {
            if (s.GetAttribute("type") is not { } type || s.GetAttribute("host") is not { } host)
            {
                continue;
            }

            int? port = int.TryParse(s.GetAttribute("port"), NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p is > 0 and <= 65535 ? p : null;
            list.Add(new ExternalService(type, host, port, s.GetAttribute("transport"), s.GetAttribute("username"), s.GetAttribute("password"),
                s.GetAttribute("expires"), s.GetAttribute("restricted") is "true" or "1", s.GetAttribute("name")));
        }

        return list;
    }
}
