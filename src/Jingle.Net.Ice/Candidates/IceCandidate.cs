using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Jingle.Net.Ice.Candidates;

/// <summary>
/// One ICE candidate (RFC 8445 §5.1) with the fields of its SDP form (RFC 8839 §5.1) and libwebrtc's extensions
/// (generation, ufrag, network-id, network-cost). Immutable; both signaling layers (SDP and Jingle XML) convert to
/// and from it. <see cref="Host"/> is an IP literal or, for mDNS candidates, a <c>.local</c> name
/// (<see cref="EndPoint"/> is then null until resolved).
/// </summary>
public sealed record IceCandidate
{
    /// <summary>Foundation: 1–32 ice-chars (RFC 8839 §5.1).</summary>
    public required string Foundation { get; init; }

    /// <summary>Component id, 1–256 (1 = RTP, 2 = RTCP).</summary>
    public required int Component { get; init; }

    public required CandidateProtocol Protocol { get; init; }

    public required uint Priority { get; init; }

    /// <summary>The connection address: IP literal or FQDN (mDNS <c>.local</c>).</summary>
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required CandidateType Type { get; init; }

    /// <summary><c>raddr</c>: the related address (base or mapped address), if signaled.</summary>
    public string? RelatedAddress { get; init; }

    /// <summary><c>rport</c>: the related port, if signaled.</summary>
    public int? RelatedPort { get; init; }

    /// <summary>RFC 6544 <c>tcptype</c> (TCP candidates only).</summary>
    public TcpCandidateType TcpType { get; init; }

    /// <summary>libwebrtc's <c>generation</c> (ICE restart counter), if signaled.</summary>
    public int? Generation { get; init; }

    /// <summary><c>ufrag</c> extension: the ICE username fragment this candidate belongs to, if signaled.</summary>
    public string? Ufrag { get; init; }

    /// <summary>libwebrtc's <c>network-id</c>, if signaled.</summary>
    public int? NetworkId { get; init; }

    /// <summary>libwebrtc's <c>network-cost</c>, if signaled.</summary>
    public int? NetworkCost { get; init; }

    /// <summary>Extension attributes we do not interpret, kept in order so that writing reproduces them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    /// <summary>The address as an endpoint, or null when <see cref="Host"/> is not an IP literal.</summary>
    public IPEndPoint? EndPoint => IPAddress.TryParse(Host, out IPAddress? ip) ? new IPEndPoint(ip, Port) : null;

    /// <summary>True for an mDNS name (RFC 8839 §5.1; draft-ietf-mmusic-mdns-ice-candidates).</summary>
    public bool IsMdns => Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// RFC 8445 §5.1.2.1: priority = 2^24 × type preference + 2^8 × local preference + (256 − component).
    /// </summary>
    public static uint ComputePriority(CandidateType type, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return (uint)((type.TypePreference() << 24) + (localPreference << 8) + (256 - component));
    }

    /// <summary>
    /// RFC 8445 §5.1.1.3: candidates share a foundation when they have the same type, base IP, STUN/TURN server and
    /// transport. The foundation is a stable hash of those, printed in decimal (as libwebrtc does).
    /// </summary>
    public static string ComputeFoundation(CandidateType type, IPAddress baseAddress, CandidateProtocol protocol, string? serverAddress = null,
        CandidateProtocol? relayProtocol = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        string key = string.Join('|', type.ToWireString(), baseAddress.ToString(), protocol.ToWireString(), serverAddress ?? string.Empty,
            relayProtocol?.ToWireString() ?? string.Empty);
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Parses an SDP candidate value, with or without the leading <c>a=</c> and <c>candidate:</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid candidate; the message says which field.</exception>
    public static IceCandidate Parse(string text) => IceCandidateParser.Parse(text);

    /// <summary>Parses like <see cref="Parse"/> without throwing.</summary>
    public static bool TryParse(string? text, out IceCandidate? candidate, out string? error)
    {
        candidate = null;
        error = null;
        if (text is null)
        {
            error = "candidate is null";
            return false;
        }

        try
        {
            candidate = IceCandidateParser.Parse(text);
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The SDP attribute value, <c>candidate:...</c> (without <c>a=</c>).</summary>
    public string ToSdpString()
    {
        var sb = new StringBuilder(128);
        sb.Append("candidate:").Append(Foundation)
            .Append(' ').Append(Component.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Protocol.ToWireString())
            .Append(' ').Append(Priority.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Host)
            .Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(Type.ToWireString());
        if (RelatedAddress is not null)
        {
            sb.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is int rport)
        {
            sb.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        }

        if (TcpType != TcpCandidateType.None)
        {
            sb.Append(" tcptype ").Append(TcpType.ToWireString());
        }

        if (Generation is int generation)
        {
            sb.Append(" generation ").Append(generation.ToString(CultureInfo.InvariantCulture));
        }

        if (Ufrag is not null)
        {
            sb.Append(" ufrag ").Append(Ufrag);
        }

        if (NetworkId is int networkId)
        {
            sb.Append(" network-id ").Append(networkId.ToString(CultureInfo.InvariantCulture));
        }

        if (NetworkCost is int networkCost)
        {
            sb.Append(" network-cost ").Append(networkCost.ToString(CultureInfo.InvariantCulture));
        }

        foreach ((string name, string value) in Extensions)
        {
            sb.Append(' ').Append(name).Append(' ').Append(value);
        }

        return sb.ToString();
    }

    /// <summary>True when <see cref="Host"/> is an IPv6 literal.</summary>
    public bool IsIPv6 => IPAddress.TryParse(Host, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    public override string ToString() => ToSdpString();
}
