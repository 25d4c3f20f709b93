namespace Jingle.Net.Sctp;

/// <summary>Counters and congestion-control state of an association (for stats and tests).</summary>
public readonly record struct SctpAssociationMetrics
{
    public long PacketsSent { get; init; }

    public long PacketsReceived { get; init; }

    public long MalformedPacketsDropped { get; init; }

    public long DataChunksSent { get; init; }

    public long DataChunksReceived { get; init; }

    public long DuplicateTsnsReceived { get; init; }

    public long RetransmittedChunks { get; init; }

    public long FastRetransmits { get; init; }

    public long T3Expirations { get; init; }

    public long MessagesSent { get; init; }

    public long MessagesReceived { get; init; }

    public long Cwnd { get; init; }

    public TimeSpan SmoothedRtt { get; init; }

    public TimeSpan Rto { get; init; }

    public uint PeerReceiverWindow { get; init; }

    public bool UsesZeroChecksum { get; init; }

    public bool PartialReliability { get; init; }

    public bool MessageInterleaving { get; init; }
}
