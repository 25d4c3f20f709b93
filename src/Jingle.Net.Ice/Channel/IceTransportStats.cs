using Jingle.Net.Ice.Checks;

namespace Jingle.Net.Ice.Channel;

/// <summary>A snapshot of a P2PTransportChannel: its pairs and the counters of what it refused.</summary>
public sealed record IceTransportStats
{
    public required IceTransportState State { get; init; }
    public required IceRole Role { get; init; }
    public required IReadOnlyList<CandidatePairStats> Pairs { get; init; }
    public CandidatePairStats? SelectedPair { get; init; }

    /// <summary>Datagrams that looked like STUN but did not parse (or failed FINGERPRINT): dropped.</summary>
    public long MalformedStunDropped { get; init; }

    /// <summary>Checks answered 400 (missing USERNAME / MESSAGE-INTEGRITY).</summary>
    public long BadRequestsAnswered { get; init; }

    /// <summary>Checks answered 401 (wrong USERNAME or MESSAGE-INTEGRITY).</summary>
    public long UnauthorizedAnswered { get; init; }

    /// <summary>Responses dropped: unknown transaction, bad MESSAGE-INTEGRITY or bad legacy username.</summary>
    public long ResponsesDropped { get; init; }

    /// <summary>Non-STUN datagrams from addresses that are not a known pair: dropped.</summary>
    public long UnknownSourceDropped { get; init; }

    /// <summary>Role conflicts seen (answered 487 or repaired by switching role).</summary>
    public long RoleConflicts { get; init; }

    public long SendFailures { get; init; }

    /// <summary>Remote <c>.local</c> (mDNS) candidates resolved and added.</summary>
    public long MdnsCandidatesResolved { get; init; }

    /// <summary>Remote <c>.local</c> (mDNS) candidates dropped because the name did not resolve.</summary>
    public long MdnsCandidatesUnresolved { get; init; }
}
