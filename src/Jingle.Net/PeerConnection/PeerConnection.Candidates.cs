using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>
/// Trickled remote candidates (W3C addIceCandidate, RFC 8838). A candidate whose usernameFragment belongs to an ICE
/// generation not received yet — the peer's restart offer or answer is still in flight, and its new candidates
/// overtook it — is buffered (at most <see cref="MaxEarlyCandidates"/>; beyond, dropped and counted) and applied
/// when a remote description with that ufrag is applied (RFC 8838 §11.4, RFC 9429 §5.9). Buffering happens only
/// while such a description can still come: in stable (the peer may be restarting), have-local-offer (our offer
/// awaits its answer) and have-remote-pranswer (the final answer is due). In have-remote-offer and
/// have-local-pranswer the peer's description is here: an unknown ufrag is an error, and so is the ufrag of an
/// earlier generation (<see cref="RtcOperationException"/>, W3C OperationError). Buffered candidates the next
/// remote description does not claim are dropped and counted.
/// </summary>
public sealed partial class PeerConnection
{
    /// <summary>Most early candidates held for a remote description not received yet.</summary>
    internal const int MaxEarlyCandidates = 100;

    private const int MaxRemembered = 32;

    private readonly List<RtcIceCandidateInit> _earlyCandidates = [];
    private readonly HashSet<string> _earlierRemoteUfrags = new(StringComparer.Ordinal);
    private bool _earlyApplyScheduled;

    /// <summary>Early candidates held now (signaling thread).</summary>
    internal int EarlyCandidatesBuffered => _earlyCandidates.Count;

    /// <summary>Early candidates dropped: the buffer was full, or the description that came did not claim them.</summary>
    internal long EarlyCandidatesDropped { get; private set; }

    /// <summary>Early candidates applied once their description arrived.</summary>
    internal long EarlyCandidatesApplied { get; private set; }

    /// <summary>
    /// W3C addIceCandidate: a trickled remote candidate, or (empty candidate) the end of candidates. A candidate of an
    /// ICE generation whose description has not arrived yet is held and applied with that description (the task
    /// completes when it is held).
    /// </summary>
    /// <exception cref="InvalidStateException">No remote description yet.</exception>
    /// <exception cref="RtcOperationException">
    /// The usernameFragment matches neither the remote description nor a generation that can still arrive, or the
    /// candidate is malformed.
    /// </exception>
    public Task AddIceCandidateAsync(RtcIceCandidateInit candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Chain(() =>
        {
            ThrowIfClosed();
            if (_remoteDescription is null)
            {
                throw new InvalidStateException("addIceCandidate needs a remote description first.");
            }

            if (IsOfUnreceivedGeneration(candidate))
            {
                HoldEarlyCandidate(candidate);
                return Task.FromResult(true);
            }

            ApplyRemoteCandidate(candidate);
            return Task.FromResult(true);
        });
    }

    /// <summary>Validates and records the candidate (signaling thread), then queues it for the ICE channel.</summary>
    private void ApplyRemoteCandidate(RtcIceCandidateInit candidate)
    {
        lock (_descriptionLock)
        {
            SdpOfferAnswer.AddRemoteCandidate(_remoteDescription!, candidate);
        }
        if (candidate.IsEndOfCandidates)
        {
            RunOnWorker(static t => t.AddRemoteEndOfCandidates());
            return;
        }

        if (!Ice.Candidates.IceCandidate.TryParse(candidate.Candidate, out Ice.Candidates.IceCandidate? parsed, out string? error))
        {
            throw new RtcOperationException("Malformed candidate: " + error);
        }

        RunOnWorker(t => t.AddRemoteCandidate(parsed!));
    }

    /// <summary>
    /// True for a candidate with a usernameFragment that is neither the current remote one nor an earlier one, while
    /// a remote description that could carry it may still arrive.
    /// </summary>
    private bool IsOfUnreceivedGeneration(RtcIceCandidateInit candidate)
    {
        if (candidate.UsernameFragment is not string ufrag || CurrentRemoteUfrags().Contains(ufrag))
        {
            return false;   // no ufrag: the current generation (W3C); a known one: applied (or rejected) as usual
        }

        if (_earlierRemoteUfrags.Contains(ufrag))
        {
            throw new RtcOperationException($"The candidate's usernameFragment '{ufrag}' belongs to an earlier ICE generation.");
        }

        if (_machine.State is not (SignalingState.Stable or SignalingState.HaveLocalOffer or SignalingState.HaveRemotePrAnswer))
        {
            throw new RtcOperationException($"The candidate's usernameFragment '{ufrag}' matches no remote description.");
        }

        return true;
    }

    private void HoldEarlyCandidate(RtcIceCandidateInit candidate)
    {
        if (_earlyCandidates.Count >= MaxEarlyCandidates)
        {
            EarlyCandidatesDropped++;
            JingleLog.EarlyCandidateDropped(_logger, "the buffer is full", EarlyCandidatesDropped);
            return;
        }

        _earlyCandidates.Add(candidate);
        JingleLog.EarlyCandidateHeld(_logger, candidate.UsernameFragment!, _earlyCandidates.Count);
    }

    /// <summary>
    /// Called by setRemoteDescription (signaling thread) as it commits <paramref name="current"/>: the ufrags of the
    /// previous description become "earlier generations", and held candidates are applied right after this
    /// operation (chained, so before any later operation).
    /// </summary>
    private void NoteRemoteGeneration(SessionDescription? previous, SessionDescription current)
    {
        if (previous is not null)
        {
            HashSet<string> now = [.. UfragsOf(current)];
            if (_earlierRemoteUfrags.Count >= MaxRemembered)
            {
                _earlierRemoteUfrags.Clear();
            }

            foreach (string ufrag in UfragsOf(previous).Where(u => !now.Contains(u)))
            {
                _earlierRemoteUfrags.Add(ufrag);
            }
        }

        if (_earlyCandidates.Count > 0 && !_earlyApplyScheduled)
        {
            _earlyApplyScheduled = true;
            _ = Chain(ApplyEarlyCandidatesAsync);
        }
    }

    private Task<bool> ApplyEarlyCandidatesAsync()
    {
        _earlyApplyScheduled = false;
        if (_closed || _remoteDescription is null)
        {
            return Task.FromResult(false);
        }

        RtcIceCandidateInit[] held = [.. _earlyCandidates];
        _earlyCandidates.Clear();
        HashSet<string> current = CurrentRemoteUfrags();
        foreach (RtcIceCandidateInit candidate in held)
        {
            try
            {
                if (!current.Contains(candidate.UsernameFragment!))
                {
                    throw new RtcOperationException("the remote description that arrived has another usernameFragment");
                }

                ApplyRemoteCandidate(candidate);
                EarlyCandidatesApplied++;
            }
            catch (Exception e) when (e is RtcOperationException or ArgumentException)
            {
                EarlyCandidatesDropped++;
                JingleLog.EarlyCandidateDropped(_logger, e.Message, EarlyCandidatesDropped);
            }
        }

        return Task.FromResult(true);
    }

    private HashSet<string> CurrentRemoteUfrags() =>
        _remoteDescription is null ? [] : [.. UfragsOf(_remoteDescription)];

    private static IEnumerable<string> UfragsOf(SessionDescription description) =>
        SdpOfferAnswer.GetRemoteTransports(description).Select(t => t.IceUfrag).OfType<string>();
}
