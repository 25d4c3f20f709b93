using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Jsep;

namespace Jingle.Net;

/// <summary>Transport events arriving on the signaling thread, the aggregate state, and close.</summary>
public sealed partial class PeerConnection
{
    private DtlsTransportState _dtlsState = DtlsTransportState.New;
    private DtlsRole? _dtlsRole;
    private IceGatheringState? _pooledGatheringState;

    internal IceParameters LocalIceParameters => _localIce;

    /// <summary>Local candidates of an earlier ICE generation that arrived after a restart and were not signaled.</summary>
    internal long StaleLocalCandidatesDropped { get; private set; }

    /// <summary>Gathering-state changes of an earlier ICE generation that arrived after a restart and were ignored.</summary>
    internal long StaleGatheringEventsDropped { get; private set; }

    internal void OnLocalCandidate(IceCandidate candidate)
    {
        if (_closed)
        {
            return;
        }

        if (candidate.Ufrag is string ufrag && !string.Equals(ufrag, _localIce.Ufrag, StringComparison.Ordinal))
        {
            // An earlier ICE generation's candidate that completed after a restart (a late STUN answer): it is not
            // part of the current description and must not follow its end-of-candidates.
            StaleLocalCandidatesDropped++;
            return;
        }

        string line = candidate.ToSdpString();
        _localCandidates.Add(line);
        if (_localDescription is null)
        {
            return;   // the candidate pool: kept for the first description, signaled when it is applied
        }

        AddCandidateToLocal(line);
        IceCandidate?.Invoke(this, new PeerConnectionIceCandidateEventArgs(new RtcIceCandidateInit(line, DataMid, 0, _localIce.Ufrag)));
    }

    /// <param name="state">The channel's gathering state.</param>
    /// <param name="ufrag">
    /// The channel's local ufrag when the state changed (worker thread), or null: an earlier generation's gathering
    /// that completes after a restart was applied here must not mark the new generation's candidates complete.
    /// </param>
    internal void OnGatheringState(IceGatheringState state, string? ufrag = null)
    {
        if (_closed || state == IceGatheringState)
        {
            return;
        }

        if (ufrag is not null && !string.Equals(ufrag, _localIce.Ufrag, StringComparison.Ordinal))
        {
            StaleGatheringEventsDropped++;
            return;
        }

        if (_localDescription is null)
        {
            _pooledGatheringState = state;   // the candidate pool: raised when the first description is applied
            _localEndOfCandidates |= state == IceGatheringState.Complete;
            return;
        }

        IceGatheringState = state;
        if (state == IceGatheringState.Complete)
        {
            _localEndOfCandidates = true;
            lock (_descriptionLock)
            {
                _localDescription?.Media.FirstOrDefault(m => !m.IsRejected)?.EndOfCandidates = true;
            }
        }

        IceGatheringStateChanged?.Invoke(this, state);
        if (state == IceGatheringState.Complete)
        {
            IceCandidate?.Invoke(this, new PeerConnectionIceCandidateEventArgs(new RtcIceCandidateInit(string.Empty, DataMid, 0, _localIce.Ufrag)));
        }
    }

    internal void OnIceState(IceTransportState state)
    {
        if (_closed || state == IceConnectionState)
        {
            return;
        }

        IceConnectionState = state;
        IceConnectionStateChanged?.Invoke(this, state);
        UpdateConnectionState();
    }

    internal void OnDtlsState(DtlsTransportState state, string? error, DtlsRole? role)
    {
        if (_closed)
        {
            return;
        }

        _dtlsState = state;
        _dtlsRole ??= role;
        if (state == DtlsTransportState.Failed)
        {
            JingleLog.DtlsFailed(_logger, state.ToString(), error);
        }

        UpdateConnectionState();
    }

    /// <summary>
    /// W3C: candidates gathered by the pool (iceCandidatePoolSize) before the first local description are in that
    /// description, and are also surfaced as icecandidate events (with the gathering state changes) once it is applied.
    /// </summary>
    private void RaisePooledCandidates()
    {
        if (_pooledGatheringState is not { } pooled)
        {
            return;
        }

        _pooledGatheringState = null;
        string[] candidates = [.. _localCandidates];
        _signaling.Post(static s =>
        {
            PeerConnection pc = s.Pc;
            if (pc._closed)
            {
                return;
            }

            if (pc.IceGatheringState == IceGatheringState.New)
            {
                pc.IceGatheringState = IceGatheringState.Gathering;
                pc.IceGatheringStateChanged?.Invoke(pc, IceGatheringState.Gathering);
            }

            foreach (string line in s.Candidates)
            {
                pc.IceCandidate?.Invoke(pc, new PeerConnectionIceCandidateEventArgs(new RtcIceCandidateInit(line, DataMid, 0, pc._localIce.Ufrag)));
            }

            if (s.State == IceGatheringState.Complete)
            {
                pc.OnGatheringState(IceGatheringState.Complete);
            }
        }, new PooledCandidates(this, candidates, pooled));
    }

    private sealed record PooledCandidates(PeerConnection Pc, string[] Candidates, IceGatheringState State);

    /// <summary>
    /// a=setup of an answer: active on the first exchange (RFC 8842 §5.2, the answerer is the DTLS client); once a
    /// DTLS role is established a later answer (for example to the peer's ICE restart) keeps it (RFC 8842 §5.5,
    /// RFC 9429 §5.3.1): passive when we are the DTLS server. Browsers reject an answer that would flip the role.
    /// </summary>
    private Sdp.SdpSetupRole AnswerSetup() =>
        _dtlsRole == DtlsRole.Server ? Sdp.SdpSetupRole.Passive : Sdp.SdpSetupRole.Active;

    /// <summary>W3C connectionState from the ICE and DTLS states (one transport).</summary>
    private void UpdateConnectionState()
    {
        PeerConnectionState next = (IceConnectionState, _dtlsState) switch
        {
            _ when _transportError is not null => PeerConnectionState.Failed,
            (IceTransportState.Failed, _) or (_, DtlsTransportState.Failed) => PeerConnectionState.Failed,
            (IceTransportState.Disconnected, _) => PeerConnectionState.Disconnected,
            (IceTransportState.Connected or IceTransportState.Completed, DtlsTransportState.Connected) => PeerConnectionState.Connected,
            (IceTransportState.New, DtlsTransportState.New) => PeerConnectionState.New,
            (_, DtlsTransportState.Closed) => PeerConnectionState.Closed,
            _ => PeerConnectionState.Connecting,
        };
        if (next == ConnectionState)
        {
            return;
        }

        ConnectionState = next;
        JingleLog.ConnectionStateChanged(_logger, next.ToWireString());
        ConnectionStateChanged?.Invoke(this, next);
    }

    /// <summary>
    /// W3C close(): every data channel closes, DTLS sends close_notify, and every socket, timer and the DTLS thread
    /// are released. No state-change events are raised for it (as W3C close() does not).
    /// </summary>
    public Task CloseAsync() => _signaling.InvokeAsync(async () =>
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _machine.Close();
        await _worker.InvokeAsync(() => Transport.CloseAsync()).ConfigureAwait(true);
        foreach (RtcDataChannel channel in _channels)
        {
            channel.CloseUnbound();
        }

        IceConnectionState = IceTransportState.Closed;
        ConnectionState = PeerConnectionState.Closed;
        if (_ownsCertificate)
        {
            _certificate.Dispose();
        }

        _factory.Forget(this);
        JingleLog.Closed(_logger);
    });

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);
}
