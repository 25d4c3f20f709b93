using Jingle.Net.Jsep;

namespace Jingle.Net;

/// <summary>W3C RTCPeerConnectionIceEvent: a gathered candidate to trickle, or the end of gathering.</summary>
public sealed class PeerConnectionIceCandidateEventArgs(RtcIceCandidateInit candidate) : EventArgs
{
    /// <summary>The candidate with its sdpMid, sdpMLineIndex and usernameFragment. An empty
    /// <see cref="RtcIceCandidateInit.Candidate"/> marks the end of candidates (send it on as is).</summary>
    public RtcIceCandidateInit Candidate { get; } = candidate;

    /// <summary>True for the end-of-candidates indication.</summary>
    public bool IsEndOfCandidates => Candidate.IsEndOfCandidates;
}
