using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

internal static partial class SdpOfferAnswer
{
    /// <summary>
    /// The answer to a remote offer (RFC 3264 §6, RFC 9429 §5.3.1): one m-section per offered m-section, in order,
    /// each accepted or rejected with port 0; BUNDLE groups accepted with the accepted mids; setup active by default
    /// (RFC 8842); audio/video answered with the intersection of the offered and supported codecs (payload types from
    /// the offer); the first data channel m-section accepted in the form it was offered (RFC 8841 or legacy sctpmap).
    /// </summary>
    public static SessionDescription CreateAnswer(SessionDescription offer, AnswerOptions options)
    {
        SessionDescription answer = NewSession(options.SessionId, options.SessionVersion, options.Transport);
        GroupAttribute? firstBundle = offer.BundleGroups.FirstOrDefault();
        bool dataAccepted = false;
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        foreach (MediaDescription offered in offer.Media)
        {
            MediaDescription? m = null;
            bool outsideMaxBundle = options.MaxBundle && firstBundle is not null &&
                !(offered.Mid is string mid && firstBundle.Mids.Contains(mid, StringComparer.Ordinal));
            if (!offered.IsRejected && !outsideMaxBundle)
            {
                if (offered.IsDataChannel && options.AcceptDataChannel && !dataAccepted)
                {
                    m = AnswerDataChannel(offered, options);
                    dataAccepted = true;
                }
                else if (options.AcceptMedia && IsSupportedRtp(offered, options) &&
                    (options.Media is null || (offered.Mid is string rtpMid && options.Media.ContainsKey(rtpMid))))
                {
                    m = AnswerRtp(offer, offered, options);
                }
            }

            if (m is null)
            {
                answer.Media.Add(Reject(offered));
                continue;
            }

            m.Connection = new SdpConnection("IN", "IP4", "0.0.0.0");
            if (offered.Mid is string acceptedMid)
            {
                accepted.Add(acceptedMid);
            }

            answer.Media.Add(m);
        }

        AddBundleGroups(offer, answer, accepted);
        AddTransports(offer, answer, options);
        if (offer.ExtmapAllowMixed && answer.Media.Any(m => m.IsRtp && !m.IsRejected))
        {
            answer.ExtmapAllowMixed = true;
        }

        answer.Attributes.Add(new MsidSemanticAttribute("WMS", []));
        return answer;
    }

    /// <summary>A rejected m-section: port 0, the offer's media, protocol, formats and mid (RFC 3264 §6, RFC 9429 §5.3.1).</summary>
    private static MediaDescription Reject(MediaDescription offered)
    {
        var m = new MediaDescription(offered.Media, 0, offered.Protocol, offered.Formats);
        if (m.Formats.Count == 0)
        {
            m.Formats.Add("0");
        }

        if (offered.Mid is string mid)
        {
            m.Mid = mid;
        }

        return m;
    }

    private static MediaDescription AnswerDataChannel(MediaDescription offered, AnswerOptions options)
    {
        if (offered.IsLegacyDataChannel)
        {
            string port = options.SctpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var legacy = new MediaDescription(MediaDescription.ApplicationMedia, 9, MediaDescription.DtlsSctp, [port]);
            legacy.Mid = offered.Mid;
            legacy.Attributes.Add(new SctpMapAttribute(options.SctpPort, MediaDescription.WebRtcDataChannel, 65535));
            legacy.MaxMessageSize = options.MaxMessageSize;
            return legacy;
        }

        var m = new MediaDescription(MediaDescription.ApplicationMedia, 9, offered.Protocol, [MediaDescription.WebRtcDataChannel]);
        m.Mid = offered.Mid;
        m.SctpPort = options.SctpPort;
        m.MaxMessageSize = options.MaxMessageSize;
        return m;
    }

    /// <summary>Audio or video over a DTLS-SRTP profile (RFC 8827 §6.5; "RTP/SAVPF" is the legacy Chrome form).</summary>
    private static bool IsSupportedRtp(MediaDescription offered, AnswerOptions options)
    {
        bool kind = offered.Media is MediaDescription.AudioMedia or MediaDescription.VideoMedia;
        bool dtlsSrtp = offered.Protocol is "UDP/TLS/RTP/SAVPF" or "UDP/TLS/RTP/SAVP" or "TCP/DTLS/RTP/SAVPF" or
            "TCP/DTLS/RTP/SAVP" or "RTP/SAVPF";
        return kind && dtlsSrtp && (offered.RtcpMux || !options.RequireRtcpMux);
    }

    private static void AddBundleGroups(SessionDescription offer, SessionDescription answer, HashSet<string> accepted)
    {
        int index = 0;
        foreach (GroupAttribute group in offer.BundleGroups)
        {
            List<string> mids = group.Mids.Where(accepted.Contains).ToList();
            if (mids.Count > 0)
            {
                answer.Attributes.Insert(index++, new GroupAttribute(GroupAttribute.Bundle, mids));
            }
        }
    }

    /// <summary>ICE/DTLS attributes on every accepted m-section; candidates only on each transport's first section.</summary>
    private static void AddTransports(SessionDescription offer, SessionDescription answer, AnswerOptions options)
    {
        var withCandidates = new HashSet<MediaDescription>();
        var bundled = new HashSet<string>(StringComparer.Ordinal);
        foreach (GroupAttribute group in answer.BundleGroups)
        {
            if (answer.GetMedia(group.Mids[0]) is MediaDescription tag)
            {
                withCandidates.Add(tag);
            }

            bundled.UnionWith(group.Mids);
        }

        for (int i = 0; i < answer.Media.Count; i++)
        {
            MediaDescription m = answer.Media[i];
            if (m.Port == 0)
            {
                continue;
            }

            if (m.Mid is null || !bundled.Contains(m.Mid))
            {
                withCandidates.Add(m);
            }

            MediaDescription offered = offer.Media[i];
            SdpSetupRole role = AnswerSetup(offered.Setup ?? offer.Setup, options.Setup);

            // Transport attributes go first, as libwebrtc writes them; the m-section's own attributes follow.
            var own = m.Attributes.ToList();
            m.Attributes.Clear();
            AddTransport(m, options.Transport, role, withCandidates.Contains(m));
            foreach (SdpAttribute a in own)
            {
                m.Attributes.Add(a);
            }
        }
    }
}
