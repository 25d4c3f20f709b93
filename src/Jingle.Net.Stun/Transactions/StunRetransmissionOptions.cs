namespace Jingle.Net.Stun.Transactions;

/// <summary>Retransmission parameters of a client transaction (RFC 8489 §6.2.1, §6.2.2).</summary>
public sealed record StunRetransmissionOptions
{
    /// <summary>The defaults of RFC 8489: RTO 500 ms, Rc 7, Rm 16, Ti 39.5 s.</summary>
    public static StunRetransmissionOptions Default { get; } = new();

    /// <summary>Initial retransmission timeout (RTO); doubled after each transmission.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rc: requests sent in all over an unreliable transport.</summary>
    public int MaxTransmissions { get; init; } = 7;

    /// <summary>Rm: after the last request, wait Rm × RTO for a response.</summary>
    public int LastWaitMultiplier { get; init; } = 16;

    /// <summary>Ti: the timeout over a reliable transport (TCP, TLS), where nothing is retransmitted.</summary>
    public TimeSpan ReliableTimeout { get; init; } = TimeSpan.FromMilliseconds(39_500);

    /// <summary>Upper bound of one retransmission interval (RFC 8489 allows capping RTO; none by default).</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.MaxValue;
}
