namespace Jingle.Net.Sctp.Tx;

/// <summary>Where an outstanding chunk stands.</summary>
internal enum OutstandingState : byte
{
    Empty,
    InFlight,
    /// <summary>Reported in a gap ack block.</summary>
    Acked,
    /// <summary>Lost (fast retransmit or T3-rtx) and waiting to be sent again; not counted in the flight size.</summary>
    ToRetransmit,
    /// <summary>PR-SCTP gave up on it (RFC 3758).</summary>
    Abandoned,
}
