using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;

namespace Jingle.Net.Ice.Channel;

/// <summary>A local candidate was gathered; signal it to the peer (trickle).</summary>
public sealed class CandidateGatheredEventArgs(IceCandidate candidate) : EventArgs
{
    public IceCandidate Candidate { get; } = candidate;
}

/// <summary>The pair used for sending changed (libjingle's SignalSelectedCandidatePairChanged).</summary>
public sealed class SelectedPairChangedEventArgs(CandidatePairStats? pair, string reason) : EventArgs
{
    /// <summary>The newly selected pair, or null when none is usable.</summary>
    public CandidatePairStats? Pair { get; } = pair;

    /// <summary>Why it changed ("initial selection", "nominated", "selected pair failed", ...).</summary>
    public string Reason { get; } = reason;
}
