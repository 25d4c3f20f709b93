namespace Jingle.Net.Sctp;

/// <summary>Counters and congestion-control state of an association (for stats and tests).</summary>
public readonly record struct SctpAssociationMetrics
{
    public long PacketsSent { get; init; }

    public long PacketsReceived { get; init; }

    public long MalformedPacketsDropped { get; init; }

    /// <summary>
    /// Of <see cref="MalformedPacketsDropped"/>: packets with a zero checksum (and a wrong CRC-32c) that were not
    /// acceptable because zero checksums were not enabled (RFC 9653), or that carried an INIT chunk.
    /// </summary>
    public long ZeroChecksumPacketsDropped { get; init; }

    public long DataChunksSent { get; init; }

    public long DataChunksReceived { get; init; }

    public long DuplicateTsnsReceived { get; init; }

    /// <summary>New DATA TSNs that arrived above a hole (packets lost or reordered before them).</summary>
    public long OutOfOrderTsnsReceived { get; init; }

    /// <summary>DATA chunks dropped because the receive buffer was full (the peer sent past the advertised window).</summary>
    public long DataChunksDroppedWindowFull { get; init; }

    /// <summary>SACKs sent that reported gaps (each makes the peer count miss indications).</summary>
    public long SacksWithGapsSent { get; init; }

    public long RetransmittedChunks { get; init; }

    public long FastRetransmits { get; init; }

    public long T3Expirations { get; init; }

    public long MessagesSent { get; init; }

    public long MessagesReceived { get; init; }

    public long Cwnd { get; init; }

    public TimeSpan SmoothedRtt { get; init; }

    public TimeSpan Rto { get; init; }

    public uint PeerReceiverWindow { get; init; }

    /// <summary>
    /// The receive buffer the advertised window is currently taken from: the auto-tuned size (see
    /// <see cref="SctpOptions.ReceiveWindowAutoTuning"/>) or <see cref="SctpOptions.MaxReceiverWindow"/>.
    /// </summary>
    public long ReceiveWindow { get; init; }

    /// <summary>How often auto-tuning grew <see cref="ReceiveWindow"/>.</summary>
    public int ReceiveWindowGrowths { get; init; }

    /// <summary>True when the peer announced Zero Checksum Acceptable (RFC 9653) and we send packets with checksum 0.</summary>
    public bool UsesZeroChecksum { get; init; }

    public bool PartialReliability { get; init; }

    public bool MessageInterleaving { get; init; }
}
