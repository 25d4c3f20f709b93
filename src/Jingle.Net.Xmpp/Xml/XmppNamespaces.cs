namespace Jingle.Net.Xmpp.Xml;

/// <summary>The namespace URIs the engine and its modules use (RFC 6120, RFC 6121, XEPs).</summary>
public static class XmppNamespaces
{
    public const string Xml = "http://www.w3.org/XML/1998/namespace";
    public const string Stream = "http://etherx.jabber.org/streams";
    public const string Client = "jabber:client";
    public const string Tls = "urn:ietf:params:xml:ns:xmpp-tls";
    public const string Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";
    public const string Bind = "urn:ietf:params:xml:ns:xmpp-bind";
    public const string Session = "urn:ietf:params:xml:ns:xmpp-session";
    public const string Streams = "urn:ietf:params:xml:ns:xmpp-streams";
    public const string Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public const string Roster = "jabber:iq:roster";
    public const string StreamManagement = "urn:xmpp:sm:3";
    public const string DiscoInfo = "http://jabber.org/protocol/disco#info";
    public const string DiscoItems = "http://jabber.org/protocol/disco#items";
    public const string Caps = "http://jabber.org/protocol/caps";
    public const string Ping = "urn:xmpp:ping";
    public const string ExternalServices = "urn:xmpp:extdisco:2";
    public const string RosterVersioning = "urn:xmpp:features:rosterver";
}
