using Jingle.Net.Jsep;

namespace Jingle.Net;

/// <summary>Trickled remote candidates (W3C addIceCandidate, RFC 8838).</summary>
public sealed partial class PeerConnection
{
    /// <summary>
    /// W3C addIceCandidate: a trickled remote candidate, or (empty candidate) the end of candidates.
    /// </summary>
    /// <exception cref="InvalidStateException">No remote description yet.</exception>
    public Task AddIceCandidateAsync(RtcIceCandidateInit candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Chain<bool>(async () =>
        {
            ThrowIfClosed();
            if (_remoteDescription is null)
            {
                throw new InvalidStateException("addIceCandidate needs a remote description first.");
            }

            SdpOfferAnswer.AddRemoteCandidate(_remoteDescription, candidate);
            if (candidate.IsEndOfCandidates)
            {
                await _worker.InvokeAsync(() => Transport.AddRemoteEndOfCandidates()).ConfigureAwait(true);
                return true;
            }

            if (!Ice.Candidates.IceCandidate.TryParse(candidate.Candidate, out Ice.Candidates.IceCandidate? parsed, out string? error))
            {
                throw new RtcOperationException("Malformed candidate: " + error);
            }

            await _worker.InvokeAsync(() => Transport.AddRemoteCandidate(parsed!)).ConfigureAwait(true);
            return true;
        });
    }
}
