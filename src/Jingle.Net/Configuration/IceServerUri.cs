using System.Globalization;

namespace Jingle.Net.Configuration;

/// <summary>The scheme of an ICE server URI.</summary>
public enum IceServerScheme
{
    /// <summary><c>stun:</c> (RFC 7064).</summary>
    Stun,

    /// <summary><c>stuns:</c>: STUN over TLS (RFC 7064).</summary>
    Stuns,

    /// <summary><c>turn:</c> (RFC 7065).</summary>
    Turn,

    /// <summary><c>turns:</c>: TURN over TLS (RFC 7065).</summary>
    Turns,
}

/// <summary>The transport a TURN URI asks for (RFC 7065 <c>?transport=</c>).</summary>
public enum IceServerTransport
{
    Udp,
    Tcp,
}

/// <summary>
/// A parsed STUN or TURN server URI: <c>stun:host[:port]</c>, <c>stuns:</c>, <c>turn:host[:port][?transport=udp|tcp]</c>,
/// <c>turns:</c> (RFC 7064 §3.1, RFC 7065 §3.1). IPv6 literals are bracketed. Default ports are 3478 (stun/turn) and
/// 5349 (stuns/turns); a <c>turns:</c> URI defaults to TCP (TLS), a <c>turn:</c> URI to UDP.
/// </summary>
public sealed record IceServerUri(IceServerScheme Scheme, string Host, int Port, IceServerTransport Transport)
{
    public bool IsTurn => Scheme is IceServerScheme.Turn or IceServerScheme.Turns;

    public bool IsSecure => Scheme is IceServerScheme.Stuns or IceServerScheme.Turns;

    /// <summary>Parses a URI.</summary>
    /// <exception cref="FormatException">The URI is not a valid STUN/TURN URI; the message says why.</exception>
    public static IceServerUri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        int colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Error(uri, "missing scheme (stun:, stuns:, turn:, turns:)");
        }

        IceServerScheme scheme = uri[..colon].ToUpperInvariant() switch
        {
            "STUN" => IceServerScheme.Stun,
            "STUNS" => IceServerScheme.Stuns,
            "TURN" => IceServerScheme.Turn,
            "TURNS" => IceServerScheme.Turns,
            _ => throw Error(uri, $"unknown scheme '{uri[..colon]}'"),
        };

        string rest = uri[(colon + 1)..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            throw Error(uri, "STUN/TURN URIs have no '//' authority part");
        }

        IceServerTransport transport = scheme == IceServerScheme.Turns ? IceServerTransport.Tcp : IceServerTransport.Udp;
        int query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            if (scheme is IceServerScheme.Stun or IceServerScheme.Stuns)
            {
                throw Error(uri, "stun: URIs take no query");
            }

            string q = rest[(query + 1)..];
            rest = rest[..query];
            transport = q.ToUpperInvariant() switch
            {
                "TRANSPORT=UDP" => scheme == IceServerScheme.Turns ? throw Error(uri, "turns: cannot use transport=udp") : IceServerTransport.Udp,
                "TRANSPORT=TCP" => IceServerTransport.Tcp,
                _ => throw Error(uri, $"unsupported query '{q}' (only transport=udp|tcp)"),
            };
        }

        string host;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error(uri, "unterminated IPv6 literal");
            }

            host = rest[1..close];
            string after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                portText = after.StartsWith(':') ? after[1..] : throw Error(uri, "junk after IPv6 literal");
            }
        }
        else
        {
            int portColon = rest.LastIndexOf(':');
            if (portColon >= 0)
            {
                host = rest[..portColon];
                portText = rest[(portColon + 1)..];
            }
            else
            {
                host = rest;
            }
        }

        if (host.Length == 0 || (Uri.CheckHostName(host) == UriHostNameType.Unknown))
        {
            throw Error(uri, $"invalid host '{host}'");
        }

        int port = scheme is IceServerScheme.Stuns or IceServerScheme.Turns ? 5349 : 3478;
        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                throw Error(uri, $"invalid port '{portText}'");
            }
        }

        return new IceServerUri(scheme, host, port, transport);
    }

    public override string ToString()
    {
        string scheme = Scheme.ToString().ToLowerInvariant();
        string host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        string query = IsTurn && !(Scheme == IceServerScheme.Turns && Transport == IceServerTransport.Tcp) && !(Scheme == IceServerScheme.Turn && Transport == IceServerTransport.Udp)
            ? "?transport=" + Transport.ToString().ToLowerInvariant()
            : string.Empty;
        return $"{scheme}:{host}:{Port.ToString(CultureInfo.InvariantCulture)}{query}";
    }

    private static FormatException Error(string uri, string why) => new($"Invalid ICE server URI '{uri}': {why}.");
}
