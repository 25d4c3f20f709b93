using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

/// <summary>How an <see cref="XmppClient"/> connects and logs in.</summary>
public sealed record XmppClientOptions
{
    /// <summary>The account; a resource in it is requested at bind.</summary>
    public required Jid Jid { get; init; }

    /// <summary>The password (never logged).</summary>
    public required string Password { get; init; }

    /// <summary>Server host (name or address). Null = resolve <c>_xmpp-client._tcp</c> (or <c>_xmpps-client._tcp</c>) SRV for the JID's domain, then the domain itself.</summary>
    public string? Host { get; init; }

    /// <summary>Server port; 0 = 5222 (5223 for direct TLS) or what SRV says.</summary>
    public int Port { get; init; }

    /// <summary>TLS policy: STARTTLS (default), direct TLS (XEP-0368) or — for loopback tests only — none.</summary>
    public XmppTlsMode TlsMode { get; init; } = XmppTlsMode.StartTls;

    /// <summary>
    /// Trust anchors for the server certificate (a private CA or a self-signed server certificate). When set, the
    /// chain must end in one of these instead of the system store; the host name is still checked.
    /// </summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; }

    /// <summary>
    /// A custom validation (certificate pinning). It replaces the built-in checks and sees their verdict in
    /// <see cref="SslPolicyErrors"/>; nothing switches validation off implicitly.
    /// </summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    /// <summary>DNS server for SRV lookups; null = the first <c>nameserver</c> of /etc/resolv.conf.</summary>
    public IPEndPoint? DnsServer { get; init; }

    /// <summary>SASL mechanisms we may use, best first.</summary>
    public IReadOnlyList<string>? Mechanisms { get; init; }

    /// <summary>XEP-0198 stream management when the server offers it.</summary>
    public bool StreamManagement { get; init; } = true;

    /// <summary>Reconnect (with exponential backoff on the injected clock) after the connection drops.</summary>
    public bool AutoReconnect { get; init; }

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whitespace keepalive period (and XEP-0198 ack request period); zero disables it.</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for TCP connect, TLS and login.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The stream's xml:lang.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Default IQ timeout.</summary>
    public TimeSpan IqTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Parser limits.</summary>
    public XmppParserLimits ParserLimits { get; init; } = XmppParserLimits.Default;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Jid);
        if (Jid.Local is null)
        {
            throw new ArgumentException("The JID needs a localpart (user@domain).", nameof(Jid));
        }

        ArgumentNullException.ThrowIfNull(Password);
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port));
        }

        if (ReconnectMinDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ArgumentException("Reconnect delays must be positive and ordered.");
        }
    }

    internal XmppEngineSettings ToEngineSettings()
    {
        var settings = new XmppEngineSettings
        {
            User = Jid,
            Password = Password,
            Language = Language,
            TlsMode = TlsMode,
            StreamManagement = StreamManagement,
            ParserLimits = ParserLimits,
            IqTimeout = IqTimeout,
        };
        return Mechanisms is null ? settings : settings with { Mechanisms = Mechanisms };
    }

    /// <summary>Describes the options without the password, which is never printed.</summary>
    public override string ToString() => $"XmppClientOptions {{ Jid = {Jid}, Host = {Host}, Port = {Port}, TlsMode = {TlsMode}, Password = *** }}";
}
