using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>
/// Rollback for transceivers (RFC 9429 §4.1.8.2, W3C "set the RTCSessionDescription" rollback steps): the media
/// state of the last stable moment is remembered, and a rollback (explicit, or the implicit one of a remote offer in
/// have-local-offer) returns to it. Transceivers the rolled-back remote offer created leave the set unless AddTrack
/// attached a track to them (those, and every other transceiver first associated by the rolled-back offer, lose
/// their mid); pre-existing ones get back their mid, currentDirection and receiving state; the m-line slots and
/// the local and remote descriptions return to the stable ones. No Track events are raised: receivers that stop
/// receiving leave their remote streams, and the tracks of removed transceivers end. A rolled-back remote offer that
/// restarted ICE gives the ICE channel the previous remote ufrag/pwd back, a rolled-back local one our previous
/// ufrag/pwd and candidates (RFC 9429 §4.1.8.2). Not undone (as in
/// W3C): stops the rolled-back offer caused (rejected or recycled m-sections), and its DTLS parameters.
/// Signaling thread.
/// </summary>
public sealed partial class PeerConnection
{
    private readonly HashSet<RtpTransceiver> _createdByRemoteOffer = [];
    private StableMediaState _stable = StableMediaState.Initial;

    /// <summary>Remembers the media state once a description made the signaling state stable.</summary>
    private void RememberIfStable()
    {
        if (_machine.State != SignalingState.Stable)
        {
            return;
        }

        var transceivers = new Dictionary<RtpTransceiver, StableMediaState.TransceiverState>();
        foreach (RtpTransceiver t in GetTransceivers().Where(t => t.Mid is not null))
        {
            transceivers[t] = new StableMediaState.TransceiverState(t.Mid, t.Receiving, t.Receiver.RemoteSsrcs, t.CurrentDirection);
        }

        _stable = new StableMediaState([.. _mLines.Select(s => (s.Mid, s.Media, s.IsData, s.Rejected, s.Transceiver))], transceivers,
            _localDescription, _localType, _remoteDescription, _remoteType);
        _createdByRemoteOffer.Clear();
    }

    /// <summary>Returns the transceivers, slots and descriptions to the last stable state (see the type's remarks).</summary>
    private void RestoreStableMedia()
    {
        StableMediaState stable = _stable;
        var ended = new List<MediaStreamTrack>();
        lock (_mediaLock)
        {
            foreach (RtpTransceiver t in _transceivers.ToList())
            {
                bool wasReceiving = t.Receiving;
                if (stable.Transceivers.TryGetValue(t, out StableMediaState.TransceiverState before))
                {
                    t.Mid = before.Mid;
                    t.Receiving = before.Receiving && !t.IsStopping;
                    t.Receiver.RemoteSsrcs = before.RemoteSsrcs;
                    if (!t.IsStopped)
                    {
                        t.CurrentDirection = before.CurrentDirection;
                    }
                }
                else if (_createdByRemoteOffer.Contains(t) && !t.Sender.HadTrack)
                {
                    JingleLog.TransceiverChanged(_logger, t.Mid ?? "-", t.Kind.ToWireString(), "removed by rollback");
                    _transceivers.Remove(t);
                    t.Receiver.Track.Stop();
                    t.Receiving = false;
                    t.Mid = null;
                    t.Receiver.RemoteSsrcs = [];
                }
                else
                {
                    if (t.Mid is not null)
                    {
                        JingleLog.TransceiverChanged(_logger, t.Mid, t.Kind.ToWireString(), "disassociated by rollback");
                    }

                    t.Mid = null;
                    t.Receiving = false;
                    t.Receiver.RemoteSsrcs = [];
                }

                if (wasReceiving && !t.Receiving)
                {
                    ended.Add(t.Receiver.Track);
                }
            }
        }

        foreach (MediaStreamTrack track in ended)
        {
            foreach (MediaStream stream in _remoteStreams.Values)
            {
                stream.RemoveTrack(track);
            }
        }

        _mLines.Clear();
        foreach ((string mid, string media, bool isData, bool rejected, RtpTransceiver? transceiver) in stable.Slots)
        {
            _mLines.Add(new MLineSlot(mid, media) { IsData = isData, Rejected = rejected, Transceiver = transceiver });
        }

        _localDescription = stable.Local;
        _localType = stable.LocalType;
        _remoteDescription = stable.Remote;
        _remoteType = stable.RemoteType;
        _earlierRemoteUfrags.ExceptWith(CurrentRemoteUfrags());
        _createdByRemoteOffer.Clear();
    }

    /// <summary>An explicit rollback: the stable media state, the local and remote ICE credentials, then the worker's RTP routes.</summary>
    private async Task RollbackMediaAsync()
    {
        SessionDescription? rolledBackRemote = _remoteDescription;
        RestoreStableMedia();
        RestoreLocalIce();
        await RestoreRemoteIceAsync(rolledBackRemote).ConfigureAwait(true);
        if ((_remoteDescription ?? _localDescription) is { } description)
        {
            await ConfigureMediaAsync(description).ConfigureAwait(true);
            return;
        }

        RunOnWorker(static t => t.Media.Configure([], 0));
    }
}
