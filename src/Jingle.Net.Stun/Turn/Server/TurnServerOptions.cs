using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Jingle.Net.Stun.Turn.Server;

/// <summary>Options of <see cref="TurnServer"/> (<c>jingle turnserver</c>).</summary>
public sealed record TurnServerOptions
{
    /// <summary>Where to listen (UDP and TCP).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, StunConstants.DefaultPort);

    /// <summary>The realm of the long-term credentials.</summary>
    public string Realm { get; init; } = "jingle.net";

    /// <summary>Users and passwords.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>The address relays bind to (default: the listen address, or loopback when that is "any").</summary>
    public IPAddress? RelayAddress { get; init; }

    /// <summary>Lowest relay port (0 with <see cref="MaxRelayPort"/> 0 = any).</summary>
    public int MinRelayPort { get; init; } = 49152;

    /// <summary>Highest relay port.</summary>
    public int MaxRelayPort { get; init; } = 65535;

    /// <summary>Most allocations at once (508 Insufficient Capacity beyond).</summary>
    public int MaxAllocations { get; init; } = 1000;

    /// <summary>Most allocations per user (486 Allocation Quota Reached beyond).</summary>
    public int MaxAllocationsPerUser { get; init; } = 10;

    /// <summary>How long a nonce is accepted (438 Stale Nonce after).</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Default allocation lifetime.</summary>
    public TimeSpan DefaultLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest allocation lifetime granted.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Relay to 127.0.0.0/8 and ::1 peers.</summary>
    public bool AllowLoopbackPeers { get; init; }

    /// <summary>Relay to private and link-local peers.</summary>
    public bool AllowPrivatePeers { get; init; }

    /// <summary>Listen on TCP too.</summary>
    public bool EnableTcp { get; init; } = true;

    /// <summary>
    /// The certificate (with its private key) of a TLS listener: TURN over TLS over TCP (RFC 8656 §3.1, RFC 7350;
    /// <c>turns:</c> URIs, RFC 7065). Null = no TLS listener. The host owns the certificate and disposes of it after
    /// the server. No ALPN is required or offered; the client certificate is not asked for.
    /// </summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>
    /// Where the TLS listener listens (with <see cref="TlsCertificate"/>). Default: the listen address, port 5349
    /// (RFC 8656 §3.1); a port of 0 picks a free one (see <see cref="TurnServer.TlsEndPoint"/>).
    /// </summary>
    public IPEndPoint? TlsListen { get; init; }

    /// <summary>How long a client has to complete the TLS handshake before its connection is closed (and counted).</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most permissions per allocation and channels per allocation (memory bound).</summary>
    public int MaxPermissionsPerAllocation { get; init; } = 64;

    /// <summary>SOFTWARE in responses.</summary>
    public string? Software { get; init; } = "Jingle.Net TURN server";

    /// <summary>Reads a users file: <c>user=password</c> lines, <c>#</c> comments, blank lines ignored.</summary>
    public static Dictionary<string, string> ParseUsersFile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The line itself is not quoted: a line without '=' is most likely a password.
                throw new FormatException($"Bad users file line {lineNumber} (expected user=password).");
            }

            users[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        return users;
    }
}
