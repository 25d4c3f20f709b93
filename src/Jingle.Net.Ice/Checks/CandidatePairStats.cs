using Jingle.Net.Ice.Candidates;

namespace Jingle.Net.Ice.Checks;

/// <summary>A snapshot of one candidate pair (W3C RTCIceCandidatePairStats plus libjingle's CRW state).</summary>
public sealed record CandidatePairStats
{
    public required int ConnectionId { get; init; }
    public required IceCandidate LocalCandidate { get; init; }
    public required IceCandidate RemoteCandidate { get; init; }
    public required IceCheckState State { get; init; }
    public required ConnectionWriteState WriteState { get; init; }
    public required bool Receiving { get; init; }
    public required bool Nominated { get; init; }
    public required bool Selected { get; init; }
    public required ulong Priority { get; init; }
    public long RequestsSent { get; init; }
    public long RequestsReceived { get; init; }
    public long ResponsesSent { get; init; }
    public long ResponsesReceived { get; init; }
    public long ConsentRequestsSent { get; init; }
    public long PacketsSent { get; init; }
    public long PacketsReceived { get; init; }
    public long BytesSent { get; init; }
    public long BytesReceived { get; init; }

    /// <summary>Smoothed RTT in milliseconds, or null before the first response.</summary>
    public double? CurrentRoundTripTimeMs { get; init; }
    public double TotalRoundTripTimeMs { get; init; }
    public int RoundTripTimeMeasurements { get; init; }

    /// <summary>libjingle's <c>Conn[...]</c> form.</summary>
    public required string Description { get; init; }
}
