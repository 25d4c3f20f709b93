using System.Globalization;
using System.Net;

namespace Jingle.Net.Ice.Candidates;

/// <summary>
/// The RFC 8839 §5.1 grammar:
/// <code>
/// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
///                       connection-address SP port SP cand-type [SP rel-addr] [SP rel-port] *(SP cand-extension)
/// </code>
/// plus RFC 6544 <c>tcptype</c> and libwebrtc's extensions. Unknown extensions are kept.
/// </summary>
internal static class IceCandidateParser
{
    public static IceCandidate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        if (s.StartsWith("a=", StringComparison.Ordinal))
        {
            s = s[2..];
        }

        if (s.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            s = s["candidate:".Length..];
        }
        else if (s.StartsWith("candidate ", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(text, "expected 'candidate:'");
        }

        string[] f = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8)
        {
            throw Error(text, $"expected at least 8 fields (foundation component transport priority address port typ type), got {f.Length}");
        }

        string foundation = f[0];
        if (foundation.Length is < 1 or > 32 || !foundation.All(IsIceChar))
        {
            throw Error(text, $"foundation '{foundation}' must be 1-32 ice-chars");
        }

        if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int component) || component is < 1 or > 256)
        {
            throw Error(text, $"component id '{f[1]}' must be 1-256");
        }

        CandidateProtocol protocol = f[2].ToUpperInvariant() switch
        {
            "UDP" => CandidateProtocol.Udp,
            "TCP" => CandidateProtocol.Tcp,
            "SSLTCP" => CandidateProtocol.SslTcp,
            _ => throw Error(text, $"unknown transport '{f[2]}'"),
        };

        if (!uint.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint priority))
        {
            throw Error(text, $"priority '{f[3]}' is not a 32-bit unsigned number");
        }

        string host = f[4];
        if (!IsValidHost(host))
        {
            throw Error(text, $"connection address '{host}' is neither an IP address nor a host name");
        }

        int port = ParsePort(text, f[5], "port");
        if (!string.Equals(f[6], "typ", StringComparison.Ordinal))
        {
            throw Error(text, $"expected 'typ' after the port, got '{f[6]}'");
        }

        CandidateType type = f[7] switch
        {
            "host" => CandidateType.Host,
            "srflx" => CandidateType.ServerReflexive,
            "prflx" => CandidateType.PeerReflexive,
            "relay" => CandidateType.Relay,
            _ => throw Error(text, $"unknown candidate type '{f[7]}'"),
        };

        string? raddr = null;
        int? rport = null;
        var tcpType = TcpCandidateType.None;
        int? generation = null, networkId = null, networkCost = null;
        string? ufrag = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (int i = 8; i < f.Length; i += 2)
        {
            if (i + 1 >= f.Length)
            {
                throw Error(text, $"extension '{f[i]}' has no value");
            }

            string name = f[i], value = f[i + 1];
            switch (name)
            {
                case "raddr":
                    if (!IsValidHost(value))
                    {
                        throw Error(text, $"raddr '{value}' is not an address");
                    }

                    raddr = value;
                    break;
                case "rport":
                    rport = ParsePort(text, value, "rport");
                    break;
                case "tcptype":
                    tcpType = value switch
                    {
                        "active" => TcpCandidateType.Active,
                        "passive" => TcpCandidateType.Passive,
                        "so" => TcpCandidateType.SimultaneousOpen,
                        _ => throw Error(text, $"unknown tcptype '{value}'"),
                    };
                    break;
                case "generation":
                    generation = ParseInt(text, value, name);
                    break;
                case "network-id":
                    networkId = ParseInt(text, value, name);
                    break;
                case "network-cost":
                    networkCost = ParseInt(text, value, name);
                    break;
                case "ufrag":
                    ufrag = value;
                    break;
                default:
                    extensions.Add(new KeyValuePair<string, string>(name, value));
                    break;
            }
        }

        return new IceCandidate
        {
            Foundation = foundation,
            Component = component,
            Protocol = protocol,
            Priority = priority,
            Host = host,
            Port = port,
            Type = type,
            RelatedAddress = raddr,
            RelatedPort = rport,
            TcpType = tcpType,
            Generation = generation,
            Ufrag = ufrag,
            NetworkId = networkId,
            NetworkCost = networkCost,
            Extensions = extensions,
        };
    }

    internal static bool IsIceChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';

    private static bool IsValidHost(string host) =>
        IPAddress.TryParse(host, out _) || (host.Length <= 253 && Uri.CheckHostName(host) == UriHostNameType.Dns);

    private static int ParsePort(string text, string value, string field) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535
            ? port
            : throw Error(text, $"{field} '{value}' must be 0-65535");

    private static int ParseInt(string text, string value, string field) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw Error(text, $"{field} '{value}' is not a number");

    private static FormatException Error(string text, string why) => new($"Invalid ICE candidate ({why}): '{text}'");
}
