namespace Jingle.Net.Ice.Candidates;

/// <summary>
/// RFC 6544 rules for TCP candidates: the local preference with its direction preference (§4.2), the discard port of
/// signaled active candidates (§4.5), which local/remote candidates pair (§6.2) and which side sends the checks.
/// The sans-I/O half of TCP candidates; <c>TcpPort</c> opens and accepts the connections.
/// </summary>
internal static class TcpCandidateRules
{
    /// <summary>Port signaled for an active candidate, which accepts no connections (RFC 6544 §4.5: the discard port).</summary>
    public const int ActivePort = 9;

    /// <summary>Largest other-pref (13 bits).</summary>
    public const int MaxOtherPreference = (1 << 13) - 1;

    /// <summary>
    /// RFC 6544 §4.2 direction-pref (0–7, 7 best). Host, UDP-tunneled and relayed candidates: active 6, passive 4,
    /// simultaneous-open 2 (an active connection from behind a NAT is the one most likely to work). Server-reflexive
    /// and NAT-assisted candidates: simultaneous-open 6, active 4, passive 2.
    /// </summary>
    public static int DirectionPreference(CandidateType type, TcpCandidateType tcpType)
    {
        bool reflexive = type is CandidateType.ServerReflexive or CandidateType.PeerReflexive;
        return tcpType switch
        {
            TcpCandidateType.Active => reflexive ? 4 : 6,
            TcpCandidateType.Passive => reflexive ? 2 : 4,
            TcpCandidateType.SimultaneousOpen => reflexive ? 6 : 2,
            _ => throw new ArgumentOutOfRangeException(nameof(tcpType), tcpType, "not a TCP candidate type"),
        };
    }

    /// <summary>
    /// RFC 6544 §4.2: local preference = 2^13 × direction-pref + other-pref, where other-pref (0–8191) orders the
    /// interfaces as the UDP local preference does.
    /// </summary>
    public static int LocalPreference(CandidateType type, TcpCandidateType tcpType, int otherPreference)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(otherPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(otherPreference, MaxOtherPreference);
        return (DirectionPreference(type, tcpType) << 13) + otherPreference;
    }

    /// <summary>
    /// RFC 6544 §6.2: a TCP local candidate pairs only with a TCP remote candidate of the complementary type — active
    /// with passive, passive with active, simultaneous-open with simultaneous-open — and never across protocols. UDP
    /// candidates pair with UDP candidates only.
    /// </summary>
    public static bool CanPair(IceCandidate local, IceCandidate remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (local.Protocol != remote.Protocol)
        {
            return false;
        }

        if (local.Protocol != CandidateProtocol.Tcp)
        {
            return true;
        }

        return (local.TcpType, remote.TcpType) switch
        {
            (TcpCandidateType.Active, TcpCandidateType.Passive) => true,
            (TcpCandidateType.Passive, TcpCandidateType.Active) => true,
            (TcpCandidateType.SimultaneousOpen, TcpCandidateType.SimultaneousOpen) => true,
            _ => false,
        };
    }

    /// <summary>
    /// RFC 6544 §7.2.1: the tcptype of a peer-reflexive remote candidate learned from a check arriving on a local
    /// candidate of <paramref name="local"/> type — the peer connected to our passive candidate from an active one
    /// (and an active local candidate only gets checks from the passive peer it connected to).
    /// </summary>
    public static TcpCandidateType PeerReflexiveRemoteType(TcpCandidateType local) => local switch
    {
        TcpCandidateType.Passive => TcpCandidateType.Active,
        TcpCandidateType.Active => TcpCandidateType.Passive,
        TcpCandidateType.SimultaneousOpen => TcpCandidateType.SimultaneousOpen,
        _ => TcpCandidateType.None,
    };

    /// <summary>
    /// RFC 6544 §6.2/§7.1: checks are sent on a pair whose local candidate is active (it opens the connection) or
    /// simultaneous-open; a pair whose local candidate is passive waits for the peer's connection and its check.
    /// </summary>
    public static bool SendsChecks(IceCandidate local)
    {
        ArgumentNullException.ThrowIfNull(local);
        return local.Protocol != CandidateProtocol.Tcp || local.TcpType != TcpCandidateType.Passive;
    }
}
