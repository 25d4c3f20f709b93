namespace Jingle.Net.Ice.Candidates;

/// <summary>ICE candidate types (RFC 8445 §5.1.1; RFC 8839 §5.1 <c>typ</c> values).</summary>
public enum CandidateType
{
    /// <summary><c>host</c>: an address of a local interface.</summary>
    Host,

    /// <summary><c>srflx</c>: the mapped address a STUN server saw (libjingle's "stun" port).</summary>
    ServerReflexive,

    /// <summary><c>prflx</c>: learned from a connectivity check's source (RFC 8445 §7.2.5.3.1 / §7.3.1.3).</summary>
    PeerReflexive,

    /// <summary><c>relay</c>: an address allocated on a TURN server.</summary>
    Relay,
}

/// <summary>The transport of a candidate.</summary>
public enum CandidateProtocol
{
    Udp,

    /// <summary>TCP (RFC 6544); see <see cref="TcpCandidateType"/>.</summary>
    Tcp,

    /// <summary>libjingle's legacy pseudo-SSL TCP to a relay (<c>ssltcp</c>); parsed and written, never gathered.</summary>
    SslTcp,
}

/// <summary>RFC 6544 §4.5 <c>tcptype</c>.</summary>
public enum TcpCandidateType
{
    None,
    Active,
    Passive,

    /// <summary><c>so</c>: simultaneous open.</summary>
    SimultaneousOpen,
}

/// <summary>Wire forms of the candidate enums.</summary>
public static class CandidateEnumExtensions
{
    public static string ToWireString(this CandidateType type) => type switch
    {
        CandidateType.Host => "host",
        CandidateType.ServerReflexive => "srflx",
        CandidateType.PeerReflexive => "prflx",
        CandidateType.Relay => "relay",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>libjingle's port type names, as its logs print them ("local", "stun", "prflx", "relay").</summary>
    public static string ToLibjingleString(this CandidateType type) => type switch
    {
        CandidateType.Host => "local",
        CandidateType.ServerReflexive => "stun",
        CandidateType.PeerReflexive => "prflx",
        CandidateType.Relay => "relay",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string ToWireString(this CandidateProtocol protocol) => protocol switch
    {
        CandidateProtocol.Udp => "udp",
        CandidateProtocol.Tcp => "tcp",
        CandidateProtocol.SslTcp => "ssltcp",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    public static string ToWireString(this TcpCandidateType type) => type switch
    {
        TcpCandidateType.Active => "active",
        TcpCandidateType.Passive => "passive",
        TcpCandidateType.SimultaneousOpen => "so",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>RFC 8445 §5.1.2.2 recommended type preferences (host 126, prflx 110, srflx 100, relay 0).</summary>
    public static int TypePreference(this CandidateType type) => type switch
    {
        CandidateType.Host => 126,
        CandidateType.PeerReflexive => 110,
        CandidateType.ServerReflexive => 100,
        CandidateType.Relay => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
