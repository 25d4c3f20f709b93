namespace Jingle.Net.Sctp;

/// <summary>Which congestion response the sender uses.</summary>
public enum SctpCongestionControl
{
    /// <summary>
    /// RFC 9260 §7 with two measured refinements: a loss while the RTT shows no queue (random loss) does not shrink
    /// cwnd, and no reduction goes below the measured bandwidth-delay product (max delivery rate × min RTT). This keeps
    /// long fat paths with sparse random loss full (see docs/sctp.md).
    /// </summary>
    DeliveryRateFloor,

    /// <summary>Plain RFC 9260 §7 (Reno-like): every loss event halves cwnd; a T3-rtx timeout drops it to one MTU.</summary>
    Rfc9260,
}
