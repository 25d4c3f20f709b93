namespace Jingle.Net.Sctp;

/// <summary>Per-message send options: ordering and PR-SCTP policy (RFC 3758; RFC 8831 maxRetransmits / maxPacketLifeTime).</summary>
public readonly record struct SctpSendOptions
{
    public bool Unordered { get; init; }

    /// <summary>Limited retransmission policy: at most this many retransmissions; null = reliable.</summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Timed reliability: abandon once the message is this old; null = reliable.</summary>
    public TimeSpan? Lifetime { get; init; }
}
