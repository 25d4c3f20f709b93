using Jingle.Net.Ice;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>The JSEP operations (RFC 9429), chained on the signaling thread.</summary>
public sealed partial class PeerConnection
{
    /// <summary>W3C createOffer: one BUNDLE group with the data channel m-section.</summary>
    public Task<RtcSessionDescription> CreateOfferAsync() => Chain(() =>
    {
        ThrowIfClosed();
        return CreateOfferCore();
    });

    /// <summary>W3C createAnswer to the remote offer (data channel accepted, media sections rejected).</summary>
    public Task<RtcSessionDescription> CreateAnswerAsync() => Chain(() =>
    {
        ThrowIfClosed();
        return CreateAnswerCore();
    });

    /// <summary>
    /// W3C setLocalDescription. With no argument it creates the offer or answer the state calls for. An offer or
    /// answer starts ICE gathering (candidates trickle through <see cref="IceCandidate"/>).
    /// </summary>
    public Task SetLocalDescriptionAsync(RtcSessionDescription? description = null) => Chain<bool>(async () =>
    {
        ThrowIfClosed();
        if (description is null || (description.Type is SdpType.Offer or SdpType.Answer or SdpType.PrAnswer && string.IsNullOrEmpty(description.Sdp)))
        {
            SdpType implicitType = description?.Type
                ?? (_machine.State is SignalingState.HaveRemoteOffer or SignalingState.HaveLocalPrAnswer ? SdpType.Answer : SdpType.Offer);
            description = implicitType == SdpType.Offer ? await CreateOfferCore().ConfigureAwait(true) : await CreateAnswerCore().ConfigureAwait(true);
        }

        SignalingState before = _machine.State;
        _machine.SetLocalDescription(description.Type, description.Sdp);
        if (description.Type == SdpType.Rollback)
        {
            await RollbackMediaAsync().ConfigureAwait(true);
            RaiseSignalingIfChanged(before);
            AfterMediaDescription();
            return true;
        }

        _localDescription = SessionDescription.Parse(description.Sdp);
        _localType = description.Type;
        await ApplyLocalMediaAsync(_localDescription, description.Type).ConfigureAwait(true);
        ApplyLocalIce(_localDescription, description.Type);
        foreach (string candidate in _localCandidates)
        {
            AddCandidateToLocal(candidate);
        }

        lock (_descriptionLock)
        {
            _localDescription.Media.FirstOrDefault()?.EndOfCandidates = _localEndOfCandidates;
        }
        IceRole role = description.Type == SdpType.Offer ? IceRole.Controlling : IceRole.Controlled;
        DtlsStart? dtls = description.Type is SdpType.Answer or SdpType.PrAnswer ? GetDtlsStart() : null;
        RunOnWorker(transport =>
        {
            transport.StartIce(role);
            if (dtls is { } start)
            {
                transport.StartDtls(start.LocalSetup, start.HasDataChannel);
            }
        });

        RememberIfStable();
        RaiseSignalingIfChanged(before);
        AfterMediaDescription();
        return true;
    });

    /// <summary>W3C setRemoteDescription: applies the peer's ICE credentials, candidates and DTLS parameters.</summary>
    /// <exception cref="RtcOperationException">The description lacks ICE credentials or a fingerprint.</exception>
    public Task SetRemoteDescriptionAsync(RtcSessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return Chain<bool>(async () =>
        {
            ThrowIfClosed();
            SignalingState before = _machine.State;
            if (description.Type == SdpType.Rollback)
            {
                _machine.SetRemoteDescription(SdpType.Rollback);
                await RollbackMediaAsync().ConfigureAwait(true);
                RaiseSignalingIfChanged(before);
                AfterMediaDescription();
                return true;
            }

            SessionDescription sdp = SessionDescription.Parse(description.Sdp);
            IReadOnlyList<RemoteTransport> transports = SdpOfferAnswer.GetRemoteTransports(sdp);
            RemoteTransport transport = transports.FirstOrDefault(t => !t.Mids.Contains(null))
                ?? transports.FirstOrDefault()
                ?? throw new RtcOperationException("The remote description has no usable m-section.");
            IReadOnlyList<string> missing = transport.GetMissing();
            if (missing.Count > 0)
            {
                throw new RtcOperationException("The remote description lacks " + string.Join(", ", missing) + ".");
            }

            IReadOnlyList<RtcCertificateFingerprint> fingerprints = transport.GetCertificateFingerprints();
            if (fingerprints.Count == 0)
            {
                throw new RtcOperationException("The remote description has no fingerprint this stack understands.");
            }

            if (_machine.SetRemoteDescription(description.Type).ImplicitRollback)
            {
                RestoreStableMedia();   // the local offer's mids and slots go before the remote offer applies
                RestoreLocalIce();      // and a restart it carried, before the remote offer's ICE parameters
            }

            NoteRemoteDescription(_remoteDescription, sdp, description.Type);
            _remoteDescription = sdp;
            _remoteType = description.Type;
            List<RtcTrackEventArgs> tracks = await ApplyRemoteMediaAsync(sdp, description.Type).ConfigureAwait(true);
            IceRole role = description.Type == SdpType.Offer ? IceRole.Controlled : IceRole.Controlling;
            IceParameters ice = transport.ToIceParameters()!;
            IReadOnlyList<Ice.Candidates.IceCandidate> candidates = transport.GetIceCandidates(out _);
            long maxMessageSize = (long)(transport.MaxMessageSize ?? 65536);
            if (maxMessageSize == 0)
            {
                maxMessageSize = long.MaxValue;   // RFC 8841 §6: 0 means "no limit"
            }

            int sctpPort = transport.SctpPort ?? 5000;
            bool end = transport.EndOfCandidates;
            RtcCertificateFingerprint fingerprint = fingerprints[0];
            DtlsSetup? remoteSetup = transport.GetDtlsSetup();
            DtlsStart? dtls = description.Type is SdpType.Answer or SdpType.PrAnswer ? GetDtlsStart() : null;
            RunOnWorker(t =>
            {
                t.SetRemote(role, ice, candidates, end, fingerprint, remoteSetup, sctpPort, maxMessageSize);
                if (dtls is { } start)
                {
                    t.StartDtls(start.LocalSetup, start.HasDataChannel);
                }
            });
            foreach (RtcDataChannel channel in _channels)
            {
                channel.MaxMessageSize = maxMessageSize;
            }

            RememberIfStable();
            RaiseSignalingIfChanged(before);
            RaiseTrackEvents(tracks);
            AfterMediaDescription();
            return true;
        });
    }

    private Task<RtcSessionDescription> CreateOfferCore()
    {
        _machine.EnsureCanCreateOffer();
        SessionDescription offer = UsesTransceiverOffer
            ? BuildTransceiverOffer(LocalTransport(OfferIceParameters()), _sessionVersion++)
            : SdpOfferAnswer.CreateDataChannelOffer(new DataChannelOfferOptions(LocalTransport(OfferIceParameters()))
        {
            SessionId = _sessionId,
            SessionVersion = _sessionVersion++,
            Mid = DataMid,
            MaxMessageSize = (ulong)PeerConnectionTransport.LocalMaxMessageSize,
        });
        string sdp = offer.ToString();
        _machine.OfferCreated(sdp);
        return Task.FromResult(new RtcSessionDescription(SdpType.Offer, sdp));
    }

    private Task<RtcSessionDescription> CreateAnswerCore()
    {
        _machine.EnsureCanCreateAnswer();
        SessionDescription answer = SdpOfferAnswer.CreateAnswer(_remoteDescription!, new AnswerOptions(LocalTransport(AnswerIceParameters()))
        {
            SessionId = _sessionId,
            SessionVersion = _sessionVersion++,
            AcceptMedia = true,
            Media = AnsweredMediaByMid(),
            Codecs = MediaCodecs.Answer,
            HeaderExtensions = MediaCodecs.HeaderExtensions,
            MaxBundle = true,
            Setup = AnswerSetup(),
            MaxMessageSize = (ulong)PeerConnectionTransport.LocalMaxMessageSize,
        });
        string sdp = answer.ToString();
        _machine.AnswerCreated(sdp);
        return Task.FromResult(new RtcSessionDescription(SdpType.Answer, sdp));
    }

    /// <summary>
    /// What the transport needs to start DTLS once both descriptions are applied (on the answer): the local a=setup
    /// and whether SCTP rides on it; null while a description is missing.
    /// </summary>
    private DtlsStart? GetDtlsStart()
    {
        MediaDescription? local = _localDescription?.Media.FirstOrDefault(m => m.IsDataChannel && !m.IsRejected)
            ?? _localDescription?.Media.FirstOrDefault(m => !m.IsRejected);
        if (local is null || _remoteDescription is null)
        {
            return null;
        }

        DtlsSetup localSetup = local.Setup switch
        {
            SdpSetupRole.Active => DtlsSetup.Active,
            SdpSetupRole.Passive => DtlsSetup.Passive,
            _ => DtlsSetup.ActPass,
        };
        return new DtlsStart(localSetup, local.IsDataChannel);
    }

    /// <summary>The local transport with <paramref name="ice"/>; new (restart) credentials carry no candidates yet.</summary>
    private LocalTransportParameters LocalTransport(IceParameters ice) =>
        LocalTransportParameters.From(ice, [LocalFingerprint]) with
        {
            Candidates = ice == _localIce ? [.. _localCandidates] : [],
            EndOfCandidates = ice == _localIce && _localEndOfCandidates,
        };

    private void AddCandidateToLocal(string candidate)
    {
        MediaDescription? first = _localDescription?.Media.FirstOrDefault(m => !m.IsRejected);
        if (first is not null && CandidateAttribute.TryParse(candidate, out CandidateAttribute? attribute)
            && !first.Attributes.GetAll<CandidateAttribute>().Any(a => a.Value == attribute!.Value))
        {
            lock (_descriptionLock)
            {
                first.Attributes.Add(attribute!);
            }
        }
    }

    private void RaiseSignalingIfChanged(SignalingState before)
    {
        if (_machine.State != before)
        {
            SignalingStateChanged?.Invoke(this, _machine.State);
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidStateException("The peer connection is closed.");
        }
    }

    /// <summary>Runs <paramref name="operation"/> on the signaling thread after every earlier operation finished.</summary>
    private Task<T> Chain<T>(Func<Task<T>> operation) => _signaling.InvokeAsync(async () =>
    {
        Task previous = _chain;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _chain = done.Task;
        try
        {
            await previous.ConfigureAwait(true);
            return await operation().ConfigureAwait(true);
        }
        finally
        {
            done.SetResult();
        }
    });

    private readonly record struct DtlsStart(DtlsSetup LocalSetup, bool HasDataChannel);
}
