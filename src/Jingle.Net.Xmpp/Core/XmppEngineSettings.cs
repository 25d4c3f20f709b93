using Jingle.Net.Xmpp.Sasl;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

/// <summary>What an <see cref="XmppEngine"/> logs in with.</summary>
public sealed record XmppEngineSettings
{
    /// <summary>The account (bare JID; a resource here is requested at bind).</summary>
    public required Jid User { get; init; }

    /// <summary>The password. Never logged.</summary>
    public required string Password { get; init; }

    /// <summary>The <c>xml:lang</c> of our stream header.</summary>
    public string Language { get; init; } = "en";

    /// <summary>TLS policy.</summary>
    public XmppTlsMode TlsMode { get; init; } = XmppTlsMode.StartTls;

    /// <summary>SASL mechanisms we may use, best first. PLAIN is skipped unless TLS is up.</summary>
    public IReadOnlyList<string> Mechanisms { get; init; } =
        ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"];

    /// <summary>Enable XEP-0198 stream management when the server offers it.</summary>
    public bool StreamManagement { get; init; } = true;

    /// <summary>Ask the server for an ack (<c>&lt;r/&gt;</c>) after this many unacknowledged stanzas.</summary>
    public int AckRequestEvery { get; init; } = 5;

    /// <summary>
    /// At most this many sent stanzas are kept for resending until the server acknowledges them (XEP-0198). When a
    /// server never acknowledges, the oldest is forgotten (it was sent; only its resend guarantee is lost), counted
    /// in <see cref="XmppEngine.UnacknowledgedDropped"/> and logged, so memory stays bounded.
    /// </summary>
    public int MaxUnacknowledged { get; init; } = 1000;

    /// <summary>Prefix of generated stanza ids; null = a random one per engine.</summary>
    public string? IdPrefix { get; init; }

    /// <summary>Parser limits.</summary>
    public XmppParserLimits ParserLimits { get; init; } = XmppParserLimits.Default;

    /// <summary>Default IQ timeout.</summary>
    public TimeSpan IqTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The server domain (the JID's domain).</summary>
    public string Domain => User.Domain;

    /// <summary>Describes the settings without the password, which is never printed.</summary>
    public override string ToString() => $"XmppEngineSettings {{ User = {User}, TlsMode = {TlsMode}, Password = *** }}";
}
