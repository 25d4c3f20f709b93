using System.Globalization;
using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>
/// JSEP for transceivers (RFC 9429): the m-line slots an offer is built from, the per-mid answer, and what applying
/// a local or remote description does to transceivers (mid association, currentDirection, stop, Track events, the
/// negotiated codecs and the worker's RTP routes). Signaling thread.
/// </summary>
public sealed partial class PeerConnection
{
    /// <summary>
    /// The offer's sections (RFC 9429 §5.2.1/§5.2.2): existing slots in order (stopped transceivers → port 0), new
    /// transceivers in recyclable slots or appended, then the data channel when one exists or was negotiated.
    /// </summary>
    private SessionDescription BuildTransceiverOffer(LocalTransportParameters transport, ulong version)
    {
        List<RtpTransceiver> transceivers = [.. GetTransceivers()];
        foreach (RtpTransceiver t in transceivers.Where(t => t.Mid is null && !t.IsStopping))
        {
            MLineSlot? slot = _mLines.FirstOrDefault(s => s.IsRecyclable);
            string mid = NewMid();
            if (slot is null)
            {
                slot = new MLineSlot(mid, t.Kind.ToWireString());
                _mLines.Add(slot);
            }

            slot.Mid = mid;
            slot.Media = t.Kind.ToWireString();
            slot.Rejected = false;
            slot.Transceiver = t;
            t.Mid = mid;
            JingleLog.TransceiverChanged(_logger, mid, slot.Media, "assigned");
        }

        if (_channels.Count > 0 && !_mLines.Any(s => s.IsData))
        {
            _mLines.Add(new MLineSlot(NewMid(), MediaDescription.ApplicationMedia) { IsData = true });
        }

        var sections = new List<OfferSection>();
        foreach (MLineSlot slot in _mLines)
        {
            if (slot.IsData)
            {
                sections.Add(new OfferSection(slot.Media, slot.Mid) { IsData = true, Rejected = slot.Rejected && _channels.Count == 0 });
                continue;
            }

            RtpTransceiver? t = slot.Transceiver;
            if (t is null || t.IsStopping)
            {
                sections.Add(new OfferSection(slot.Media, slot.Mid) { Rejected = true });
                continue;
            }

            sections.Add(new OfferSection(slot.Media, slot.Mid) { Rtp = OfferedFor(t) });
        }

        return SdpOfferAnswer.CreateTransceiverOffer(new OfferOptions(transport)
        {
            SessionId = _sessionId,
            SessionVersion = version,
            MaxMessageSize = (ulong)PeerConnectionTransport.LocalMaxMessageSize,
            HeaderExtensions = MediaCodecs.HeaderExtensions,
        }, sections);
    }

    private OfferedMedia OfferedFor(RtpTransceiver t)
    {
        MediaStreamTrack? track = t.Sender.Track;
        return new OfferedMedia(t.Kind.ToWireString(), t.Mid!, t.DirectionForSdp)
        {
            Codecs = MediaCodecs.Offer,
            StreamId = t.Sender.StreamIds.Count > 0 ? t.Sender.StreamIds[0] : "-",
            TrackId = track?.Id,
            Ssrc = track is null ? null : t.Sender.Ssrc,
            RtxSsrc = track is null ? null : t.Sender.RtxSsrc,
            Cname = Cname,
        };
    }

    /// <summary>The answerer's transceivers by mid (stopping ones are left out, so their sections are rejected).</summary>
    private Dictionary<string, AnsweredMedia> AnsweredMediaByMid()
    {
        var media = new Dictionary<string, AnsweredMedia>(StringComparer.Ordinal);
        foreach (RtpTransceiver t in GetTransceivers())
        {
            if (t.Mid is null || t.IsStopping)
            {
                continue;
            }

            MediaStreamTrack? track = t.Sender.Track;
            media[t.Mid] = new AnsweredMedia(t.DirectionForSdp)
            {
                StreamId = t.Sender.StreamIds.Count > 0 ? t.Sender.StreamIds[0] : "-",
                TrackId = track?.Id,
                Ssrc = track is null ? null : t.Sender.Ssrc,
                RtxSsrc = track is null ? null : t.Sender.RtxSsrc,
                Cname = Cname,
            };
        }

        return media;
    }

    /// <summary>Applies a local offer or answer to the slots and transceivers, then the worker's routes.</summary>
    private async Task ApplyLocalMediaAsync(SessionDescription local, SdpType type)
    {
        SyncSlots(local);
        if (type is SdpType.Answer or SdpType.PrAnswer)
        {
            for (int i = 0; i < local.Media.Count && i < _mLines.Count; i++)
            {
                if (_mLines[i].Transceiver is { } t)
                {
                    ApplyAnswer(t, local, local.Media[i], _mLines[i], localAnswer: true);
                }
            }

            RemoveStoppedTransceivers();
        }

        await ConfigureMediaAsync(local).ConfigureAwait(true);
    }

    /// <summary>Applies a remote offer or answer; returns the Track events to raise once the description is applied.</summary>
    private async Task<List<RtcTrackEventArgs>> ApplyRemoteMediaAsync(SessionDescription remote, SdpType type)
    {
        var events = new List<RtcTrackEventArgs>();
        if (type == SdpType.Offer)
        {
            for (int i = 0; i < remote.Media.Count; i++)
            {
                ApplyRemoteOfferSection(remote, remote.Media[i], i, events);
            }
        }
        else if (type is SdpType.Answer or SdpType.PrAnswer)
        {
            for (int i = 0; i < remote.Media.Count && i < _mLines.Count; i++)
            {
                MediaDescription m = remote.Media[i];
                if (_mLines[i].Transceiver is { } t)
                {
                    ApplyAnswer(t, remote, m, _mLines[i], localAnswer: false);
                    if (!t.IsStopping)
                    {
                        ApplyRemoteSender(t, remote, m, events);
                    }
                }
                else if (_mLines[i].IsData)
                {
                    _mLines[i].Rejected = m.IsRejected;
                }
            }

            RemoveStoppedTransceivers();
        }

        await ConfigureMediaAsync(remote).ConfigureAwait(true);
        return events;
    }

    /// <summary>RFC 9429 §5.10 for one m-section of a remote offer: the slot, the transceiver (by mid, an unassociated
    /// AddTrack one of the same kind, or a new recvonly one), rejection, and the remote sender.</summary>
    private void ApplyRemoteOfferSection(SessionDescription remote, MediaDescription m, int index, List<RtcTrackEventArgs> events)
    {
        string mid = m.Mid ?? index.ToString(CultureInfo.InvariantCulture);
        MLineSlot slot;
        if (index < _mLines.Count)
        {
            slot = _mLines[index];
            if (slot.Mid != mid && slot.Transceiver is { } previous)
            {
                previous.StopInternal(negotiated: true);   // the peer recycled the slot: its old transceiver is gone
                slot.Transceiver = null;
            }
        }
        else
        {
            slot = new MLineSlot(mid, m.Media);
            _mLines.Add(slot);
        }

        slot.Mid = mid;
        slot.Media = m.Media;
        slot.IsData = m.IsDataChannel;
        slot.Rejected = m.IsRejected;
        MediaKind? kind = MediaKindExtensions.FromMedia(m.Media);
        if (slot.IsData || kind is null || !m.IsRtp)
        {
            return;
        }

        RtpTransceiver? t = slot.Transceiver ?? GetTransceivers().FirstOrDefault(x => x.Mid == mid && !x.IsStopped);
        if (m.IsRejected)
        {
            t?.StopInternal(negotiated: true);
            return;
        }

        if (t is null)
        {
            lock (_mediaLock)
            {
                t = _transceivers.FirstOrDefault(x => x.Mid is null && x.Kind == kind && x.CreatedByAddTrack && !x.IsStopping);
                if (t is null)
                {
                    t = NewTransceiver(kind.Value, null, [], RtpTransceiverDirection.RecvOnly, createdByAddTrack: false);
                    _createdByRemoteOffer.Add(t);   // a rollback removes it (W3C) unless AddTrack attaches a track first
                }
            }
        }

        t.Mid = mid;
        slot.Transceiver = t;
        if (!t.IsStopping)
        {
            ApplyRemoteSender(t, remote, m, events);
        }
    }

    /// <summary>The remote side's sending state of <paramref name="m"/>: a Track event when it starts sending to us.</summary>
    private void ApplyRemoteSender(RtpTransceiver t, SessionDescription remote, MediaDescription m, List<RtcTrackEventArgs> events)
    {
        t.Receiver.RemoteSsrcs = [.. m.Ssrcs.Select(s => s.Ssrc).Distinct()];
        bool remoteSends = remote.GetDirection(m).Sends();
        if (!remoteSends)
        {
            t.Receiving = false;
            return;
        }

        if (t.Receiving)
        {
            return;
        }

        t.Receiving = true;
        var streams = new List<MediaStream>();
        IEnumerable<string> ids = m.Msids.Select(a => a.StreamId)
            .Concat(m.Ssrcs.Where(s => s.Attribute == "msid" && s.Value is not null).Select(s => s.Value!.Split(' ')[0]))
            .Where(id => id != "-").Distinct(StringComparer.Ordinal);
        foreach (string id in ids)
        {
            if (!_remoteStreams.TryGetValue(id, out MediaStream? stream))
            {
                _remoteStreams[id] = stream = new MediaStream(id);
            }

            stream.AddTrack(t.Receiver.Track);
            streams.Add(stream);
        }

        JingleLog.RemoteTrack(_logger, t.Mid ?? "-");
        events.Add(new RtcTrackEventArgs(t.Receiver, t.Receiver.Track, t, streams));
    }

    /// <summary>An answer (ours or the peer's) for a transceiver: currentDirection, negotiated codecs, or the stop.</summary>
    private static void ApplyAnswer(RtpTransceiver t, SessionDescription answer, MediaDescription m, MLineSlot slot, bool localAnswer)
    {
        slot.Rejected = m.IsRejected;
        if (m.IsRejected)
        {
            t.StopInternal(negotiated: true);
            return;
        }

        if (t.IsStopping)
        {
            return;
        }

        MediaDirection direction = answer.GetDirection(m);
        t.CurrentDirection = RtpTransceiver.FromSdp(localAnswer ? direction : direction.Reverse());
        IReadOnlyList<RtpCodecParameters> codecs = CodecsOf(m);
        t.Sender.Codecs = codecs;
        t.Receiver.Codecs = codecs;
    }

    private static List<RtpCodecParameters> CodecsOf(MediaDescription m)
    {
        var codecs = new List<RtpCodecParameters>();
        foreach (string format in m.Formats)
        {
            if (!int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out int pt) || m.GetRtpMap(pt) is not { } map)
            {
                continue;
            }

            codecs.Add(new RtpCodecParameters(pt, m.Media + "/" + map.EncodingName, map.ClockRate, map.Channels, m.GetFmtp(pt)?.Parameters));
        }

        return codecs;
    }

    /// <summary>Keeps the slots in step with a description's m-lines (mids, media, rejection).</summary>
    private void SyncSlots(SessionDescription description)
    {
        for (int i = 0; i < description.Media.Count; i++)
        {
            MediaDescription m = description.Media[i];
            string mid = m.Mid ?? i.ToString(CultureInfo.InvariantCulture);
            if (i >= _mLines.Count)
            {
                _mLines.Add(new MLineSlot(mid, m.Media) { IsData = m.IsDataChannel, Rejected = m.IsRejected });
                continue;
            }

            MLineSlot slot = _mLines[i];
            slot.Mid = mid;
            slot.Media = m.Media;
            slot.IsData = m.IsDataChannel;
            slot.Rejected = m.IsRejected;
        }
    }

    /// <summary>W3C: a transceiver whose stop was negotiated leaves the set; its slot becomes reusable.</summary>
    private void RemoveStoppedTransceivers()
    {
        lock (_mediaLock)
        {
            foreach (RtpTransceiver t in _transceivers.Where(t => t.IsStopped).ToList())
            {
                JingleLog.TransceiverChanged(_logger, t.Mid ?? "-", t.Kind.ToWireString(), "stopped");
                _transceivers.Remove(t);
            }
        }
    }

    /// <summary>Pushes the RTP routes and the mid extension id to the worker; marks the transport as carrying media.</summary>
    private Task ConfigureMediaAsync(SessionDescription description)
    {
        var routes = new List<MediaRoute>();
        foreach (RtpTransceiver t in GetTransceivers())
        {
            if (t.Mid is null || t.IsStopping)
            {
                continue;
            }

            IEnumerable<int> pts = t.Receiver.Codecs.Count > 0
                ? t.Receiver.Codecs.Select(c => c.PayloadType)
                : (description.GetMedia(t.Mid)?.Formats ?? []).Select(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out int pt) ? pt : -1).Where(pt => pt >= 0);
            routes.Add(new MediaRoute(t.Receiver, t.Mid, t.Receiver.RemoteSsrcs, [.. pts]));
        }

        int midId = description.Media.Where(m => m.IsRtp && !m.IsRejected).SelectMany(m => m.ExtMaps)
            .FirstOrDefault(e => e.Uri == MediaCodecs.MidExtension)?.Id ?? 0;
        bool hasMedia = description.Media.Any(m => m.IsRtp && !m.IsRejected);
        string cname = Cname;
        RunOnWorker(t =>
        {
            t.RequireSrtp |= hasMedia;
            t.Media.Configure(routes, midId, cname);
        });
        return Task.CompletedTask;
    }
}
