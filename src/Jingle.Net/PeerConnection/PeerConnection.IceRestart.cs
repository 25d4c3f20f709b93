using Jingle.Net.Ice;
using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>ICE restart (W3C restartIce, RTCOfferOptions.iceRestart, RFC 8839 §4.4.1.1.1).</summary>
public sealed partial class PeerConnection
{
    private IceParameters? _pendingLocalIce;
    private bool _restartIceRequested;
    private bool _remoteIceRestart;

    /// <summary>
    /// W3C restartIce: the next offer carries new ICE credentials, and <see cref="NegotiationNeeded"/> is raised
    /// (on the signaling thread). DTLS and SCTP continue over the current pair until the new one is selected.
    /// </summary>
    public void RestartIce()
    {
        if (_closed)
        {
            return;
        }

        _signaling.Post(static pc =>
        {
            if (pc._closed)
            {
                return;
            }

            pc._restartIceRequested = true;
            pc.NegotiationNeeded?.Invoke(pc, EventArgs.Empty);
        }, this);
    }

    /// <summary>W3C createOffer with options; <see cref="RtcOfferOptions.IceRestart"/> generates new ICE credentials.</summary>
    public Task<RtcSessionDescription> CreateOfferAsync(RtcOfferOptions? options) => Chain(() =>
    {
        ThrowIfClosed();
        if (options?.IceRestart == true)
        {
            _restartIceRequested = true;
        }

        return CreateOfferCore();
    });

    /// <summary>The credentials the next offer carries: new ones while a restart is requested (same until applied).</summary>
    private IceParameters OfferIceParameters()
    {
        if (_restartIceRequested && _localDescription is not null)
        {
            return _pendingLocalIce ??= IceParameters.Create(_env.Random);
        }

        _restartIceRequested = false;   // the first offer starts ICE anyway: nothing to restart
        return _localIce;
    }

    /// <summary>The credentials the answer carries: new ones when the remote offer restarted ICE.</summary>
    private IceParameters AnswerIceParameters() =>
        _remoteIceRestart ? _pendingLocalIce ??= IceParameters.Create(_env.Random) : _localIce;

    /// <summary>
    /// Notes a remote offer that changed the peer's ufrag/pwd, so the answer changes ours too; and a new remote
    /// generation, for the early candidates held for it.
    /// </summary>
    private void NoteRemoteDescription(SessionDescription? previous, SessionDescription current, SdpType type)
    {
        NoteRemoteGeneration(previous, current);
        if (type == SdpType.Offer && previous is not null && SdpOfferAnswer.IsIceRestart(previous, current))
        {
            _remoteIceRestart = true;
        }
    }

    /// <summary>
    /// RFC 9429 §4.1.8.2: after a rollback, when the rolled-back remote description had restarted ICE against the
    /// restored one, the ICE channel gets the restored remote ufrag/pwd back (it drops the restart's generation) and
    /// the next answer keeps our credentials. Signaling thread.
    /// </summary>
    private Task RestoreRemoteIceAsync(SessionDescription? rolledBack)
    {
        if (rolledBack is null || _remoteDescription is not { } restored || ReferenceEquals(rolledBack, restored)
            || !SdpOfferAnswer.IsIceRestart(restored, rolledBack))
        {
            return Task.CompletedTask;
        }

        _remoteIceRestart = false;
        if (!_restartIceRequested)
        {
            _pendingLocalIce = null;
        }

        IceParameters? parameters = SdpOfferAnswer.GetRemoteTransports(restored)
            .FirstOrDefault(t => t.IceUfrag is not null && t.IcePwd is not null)?.ToIceParameters();
        return parameters is null ? Task.CompletedTask : _worker.InvokeAsync(() => Transport.RestoreRemoteIce(parameters));
    }

    /// <summary>
    /// Applies the credentials of a local offer or answer: when they differ from the current ones the ICE channel
    /// starts a new generation (new gathering; candidates trickle with the new ufrag). Signaling thread; the
    /// channel's step is queued on the worker.
    /// </summary>
    private void ApplyLocalIce(SessionDescription description, SdpType type)
    {
        if (type is not (SdpType.Offer or SdpType.Answer or SdpType.PrAnswer))
        {
            return;
        }

        RaisePooledCandidates();

        IceParameters? parameters = SdpOfferAnswer.GetRemoteTransports(description)
            .FirstOrDefault(t => t.IceUfrag is not null && t.IcePwd is not null)?.ToIceParameters();
        if (parameters is null || (parameters.Ufrag == _localIce.Ufrag && parameters.Password == _localIce.Password))
        {
            return;
        }

        _localIce = parameters;
        _pendingLocalIce = null;
        _restartIceRequested = false;
        _remoteIceRestart = false;
        _localCandidates.Clear();
        _localEndOfCandidates = false;
        bool pending = type == SdpType.Offer;   // until the answer: a rollback may still return to the earlier generation
        RunOnWorker(t => t.RestartIce(parameters, pending));
    }

    /// <summary>
    /// RFC 9429 §4.1.8.2: after a rollback (explicit, or the implicit one of a remote offer in have-local-offer), when
    /// the rolled-back local offer had restarted ICE, our credentials of the restored local description come back —
    /// with its candidates and end-of-candidates, so the next offer carries them again unless a restart is asked anew —
    /// and the ICE channel returns to their generation (the restart's gathering, ports and pairs go; the established
    /// pair stays selected). The restored generation's gathering state is taken without raising its end-of-candidates
    /// again. Signaling thread; the channel's step is queued on the worker.
    /// </summary>
    private void RestoreLocalIce()
    {
        if (_localDescription is not { } restored
            || SdpOfferAnswer.GetRemoteTransports(restored).FirstOrDefault(t => t.IceUfrag is not null && t.IcePwd is not null)?.ToIceParameters()
                is not { } parameters
            || (parameters.Ufrag == _localIce.Ufrag && parameters.Password == _localIce.Password))
        {
            return;   // nothing to restore (the first offer rolled back), or the rolled-back offer kept our credentials
        }

        string rolledBack = _localIce.Ufrag;
        _localIce = parameters;
        if (!_restartIceRequested)
        {
            _pendingLocalIce = null;   // applying the restart offer consumed its request; a RestartIce() since then stays
        }

        _localCandidates.Clear();
        MediaDescription? first = restored.Media.FirstOrDefault(m => !m.IsRejected);
        lock (_descriptionLock)
        {
            _localCandidates.AddRange(first?.Attributes.GetAll<CandidateAttribute>().Select(c => "candidate:" + c.Value) ?? []);
            _localEndOfCandidates = first?.EndOfCandidates == true;
        }

        JingleLog.LocalIceRolledBack(_logger, rolledBack, parameters.Ufrag, _localCandidates.Count);
        RunOnWorker(t => t.RestoreLocalIce(parameters));
        IceGatheringState state = _localEndOfCandidates ? IceGatheringState.Complete : IceGatheringState.Gathering;
        if (IceGatheringState != state)
        {
            IceGatheringState = state;   // the channel's own change for this is then no change here
            IceGatheringStateChanged?.Invoke(this, state);
        }
    }
}
