using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

/// <summary>
/// Offer/answer (RFC 3264, RFC 9429 §5) as pure functions over the SDP model, for the PeerConnection to call:
/// building a data channel offer, answering a remote offer, reading the remote transport parameters and detecting
/// ICE restarts. Nothing here does I/O or keeps state.
/// </summary>
internal static partial class SdpOfferAnswer
{
    /// <summary>
    /// A data-channel-only offer (RFC 9429 §5.2.1, RFC 8841): BUNDLE with one <c>UDP/DTLS/SCTP webrtc-datachannel</c>
    /// m-section carrying ICE credentials, fingerprints, setup:actpass, sctp-port and max-message-size.
    /// </summary>
    public static SessionDescription CreateDataChannelOffer(DataChannelOfferOptions options)
    {
        SessionDescription sdp = NewSession(options.SessionId, options.SessionVersion, options.Transport);
        sdp.Attributes.Add(new GroupAttribute(GroupAttribute.Bundle, [options.Mid]));
        sdp.Attributes.Add(new MsidSemanticAttribute("WMS", []));
        var media = new MediaDescription(MediaDescription.ApplicationMedia, 9, MediaDescription.UdpDtlsSctp,
            [MediaDescription.WebRtcDataChannel])
        {
            Connection = new SdpConnection("IN", "IP4", "0.0.0.0"),
        };
        AddTransport(media, options.Transport, SdpSetupRole.ActPass, withCandidates: true);
        media.Mid = options.Mid;
        media.SctpPort = options.SctpPort;
        media.MaxMessageSize = options.MaxMessageSize;
        sdp.Media.Add(media);
        return sdp;
    }

    /// <summary>The answer's setup role: the opposite of a forced offer, our preference for actpass (RFC 8842 §5.3).</summary>
    public static SdpSetupRole AnswerSetup(SdpSetupRole? offered, SdpSetupRole preferred) => offered switch
    {
        SdpSetupRole.Active => SdpSetupRole.Passive,
        SdpSetupRole.Passive => SdpSetupRole.Active,
        SdpSetupRole.HoldConn => SdpSetupRole.HoldConn,
        _ => preferred is SdpSetupRole.Passive ? SdpSetupRole.Passive : SdpSetupRole.Active,
    };

    /// <summary>The effective ICE credentials of an m-section: its own, else the session's (RFC 8839 §5.4).</summary>
    public static (string? Ufrag, string? Pwd) GetIceCredentials(SessionDescription sdp, MediaDescription media) =>
        (media.IceUfrag ?? sdp.IceUfrag, media.IcePwd ?? sdp.IcePwd);

    /// <summary>
    /// The mids whose ICE credentials changed between two descriptions from the same side: an ICE restart
    /// (RFC 8839 §4.4.1.1.1, RFC 9429 §5.2.1). m-sections new in <paramref name="current"/> are not restarts.
    /// </summary>
    public static IReadOnlyList<string> GetIceRestartMids(SessionDescription previous, SessionDescription current)
    {
        var mids = new List<string>();
        foreach (MediaDescription m in current.Media)
        {
            if (m.Mid is not string mid || m.IsRejected || previous.GetMedia(mid) is not MediaDescription before || before.IsRejected)
            {
                continue;
            }

            if (GetIceCredentials(previous, before) != GetIceCredentials(current, m))
            {
                mids.Add(mid);
            }
        }

        return mids;
    }

    /// <summary>True when any m-section's ICE credentials changed (see <see cref="GetIceRestartMids"/>).</summary>
    public static bool IsIceRestart(SessionDescription previous, SessionDescription current) =>
        GetIceRestartMids(previous, current).Count > 0;

    /// <summary>
    /// The remote transports: one per BUNDLE group (parameters from its tagged m-section, the first of its mids present
    /// and not rejected, RFC 9143 §7) and one per accepted m-section outside any group.
    /// </summary>
    public static IReadOnlyList<RemoteTransport> GetRemoteTransports(SessionDescription sdp)
    {
        var transports = new List<RemoteTransport>();
        var bundled = new HashSet<string>(StringComparer.Ordinal);
        foreach (GroupAttribute group in sdp.BundleGroups)
        {
            var members = new List<MediaDescription>();
            foreach (string mid in group.Mids)
            {
                if (sdp.GetMedia(mid) is MediaDescription m && !m.IsRejected && bundled.Add(mid))
                {
                    members.Add(m);
                }
            }

            if (members.Count > 0)
            {
                transports.Add(ReadTransport(sdp, members, isBundle: true));
            }
        }

        foreach (MediaDescription m in sdp.Media)
        {
            if (!m.IsRejected && !(m.Mid is string mid && bundled.Contains(mid)))
            {
                transports.Add(ReadTransport(sdp, [m], isBundle: false));
            }
        }

        return transports;
    }

    private static RemoteTransport ReadTransport(SessionDescription sdp, List<MediaDescription> members, bool isBundle)
    {
        MediaDescription tag = members[0];
        (string? ufrag, string? pwd) = GetIceCredentials(sdp, tag);
        IEnumerable<FingerprintAttribute> fingerprints = tag.Fingerprints.Any() ? tag.Fingerprints : sdp.Fingerprints;
        MediaDescription? data = members.FirstOrDefault(m => m.IsDataChannel);
        return new RemoteTransport
        {
            Mids = members.Select(m => m.Mid).ToList(),
            IsBundle = isBundle,
            IceUfrag = ufrag,
            IcePwd = pwd,
            IceOptions = (tag.IceOptions ?? sdp.IceOptions)?.Options.ToList() ?? [],
            IceLite = sdp.IceLite,
            Fingerprints = fingerprints.Select(f => new DtlsFingerprint(f.HashFunction, f.Fingerprint)).ToList(),
            Setup = tag.Setup ?? sdp.Setup,
            Candidates = tag.Candidates.Select(c => c.Value).ToList(),
            EndOfCandidates = tag.EndOfCandidates,
            SctpPort = data is null ? null : data.SctpPort ?? 5000,
            MaxMessageSize = data is null ? null : data.MaxMessageSize ?? MaxMessageSizeAttribute.DefaultWhenAbsent,
        };
    }

    private static SessionDescription NewSession(string sessionId, ulong version, LocalTransportParameters transport)
    {
        var sdp = new SessionDescription
        {
            Origin = new SdpOrigin { SessionId = sessionId, SessionVersion = version },
        };
        sdp.Timings.Add(new SdpTiming(0, 0));
        sdp.IceLite = transport.IceLite;
        return sdp;
    }

    private static void AddTransport(MediaDescription media, LocalTransportParameters transport, SdpSetupRole setup, bool withCandidates)
    {
        if (withCandidates)
        {
            foreach (string candidate in transport.Candidates)
            {
                media.Attributes.Add(CandidateAttribute.TryParse(candidate, out CandidateAttribute? c)
                    ? c!
                    : throw new ArgumentException("Malformed candidate \"" + candidate + "\".", nameof(transport)));
            }

            media.EndOfCandidates = transport.EndOfCandidates;
        }

        media.IceUfrag = transport.IceUfrag;
        media.IcePwd = transport.IcePwd;
        if (transport.IceOptions.Count > 0)
        {
            media.Attributes.Add(new IceOptionsAttribute(transport.IceOptions));
        }

        foreach (DtlsFingerprint fp in transport.Fingerprints)
        {
            media.Attributes.Add(new FingerprintAttribute(fp.HashFunction, fp.Value));
        }

        media.Setup = setup;
    }
}
