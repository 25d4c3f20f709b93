using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

internal static partial class SdpOfferAnswer
{
    /// <summary>The first dynamic payload type of audio sections: distinct from video's 96.. so that no payload type
    /// means two codecs in one BUNDLE group (RFC 8843 §9.1).</summary>
    private const int FirstAudioDynamicPayloadType = 111;

    /// <summary>
    /// An offer from transceivers (RFC 9429 §5.2.1, §5.2.2): the sections in the given m-line order (the order of the
    /// current description, new transceivers and the data channel appended, recycled slots reused); rejected ones
    /// with port 0 and outside the BUNDLE group; the others in one BUNDLE group, candidates on the first.
    /// </summary>
    public static SessionDescription CreateTransceiverOffer(OfferOptions options, IReadOnlyList<OfferSection> sections)
    {
        if (sections.Select(s => s.Mid).Distinct(StringComparer.Ordinal).Count() != sections.Count)
        {
            throw new ArgumentException("The mids of an offer must be unique.", nameof(sections));
        }

        SessionDescription sdp = NewSession(options.SessionId, options.SessionVersion, options.Transport);
        List<string> bundle = sections.Where(s => !s.Rejected).Select(s => s.Mid).ToList();
        if (bundle.Count > 0)
        {
            sdp.Attributes.Add(new GroupAttribute(GroupAttribute.Bundle, bundle));
        }

        if (sections.Any(s => s.Rtp is not null && !s.Rejected))
        {
            sdp.ExtmapAllowMixed = true;
        }

        sdp.Attributes.Add(new MsidSemanticAttribute("WMS", sections.Where(s => !s.Rejected && s.Rtp is not null)
            .Select(s => s.Rtp!.StreamId).OfType<string>().Where(s => s != "-").Distinct(StringComparer.Ordinal)));
        bool first = true;
        foreach (OfferSection section in sections)
        {
            if (section.Rejected || (!section.IsData && section.Rtp is null))
            {
                sdp.Media.Add(RejectedOfferSection(section));
                continue;
            }

            MediaDescription m;
            if (section.IsData)
            {
                m = new MediaDescription(MediaDescription.ApplicationMedia, 9, MediaDescription.UdpDtlsSctp, [MediaDescription.WebRtcDataChannel])
                {
                    Connection = new SdpConnection("IN", "IP4", "0.0.0.0"),
                };
                AddTransport(m, options.Transport, SdpSetupRole.ActPass, withCandidates: first);
                m.Mid = section.Mid;
                m.SctpPort = options.SctpPort;
                m.MaxMessageSize = options.MaxMessageSize;
            }
            else
            {
                OfferedMedia rtp = section.Rtp! with { Mid = section.Mid };
                m = OfferRtp(rtp, options, rtp.Kind == MediaDescription.AudioMedia ? FirstAudioDynamicPayloadType : 96);
                AddTransport(m, options.Transport, SdpSetupRole.ActPass, withCandidates: first);
                MoveTransportFirst(m);
            }

            first = false;
            sdp.Media.Add(m);
        }

        return sdp;
    }

    /// <summary>A section kept only for its slot: port 0, its mid, no transport (RFC 9429 §5.2.2).</summary>
    private static MediaDescription RejectedOfferSection(OfferSection section)
    {
        bool data = section.IsData || section.Media == MediaDescription.ApplicationMedia;
        var m = new MediaDescription(section.Media, 0, data ? MediaDescription.UdpDtlsSctp : MediaDescription.UdpTlsRtpSavpf,
            [data ? MediaDescription.WebRtcDataChannel : "0"])
        {
            Connection = new SdpConnection("IN", "IP4", "0.0.0.0"),
        };
        m.Mid = section.Mid;
        if (!data)
        {
            m.Direction = MediaDirection.Inactive;
        }

        return m;
    }

    /// <summary>a=msid (RFC 8830) and, with an SSRC, a=ssrc-group:FID and a=ssrc cname/msid lines (RFC 5576).</summary>
    private static void AddSenderLines(MediaDescription m, string? streamId, string? trackId, uint? ssrc, uint? rtxSsrc, string? cname)
    {
        if (trackId is not null)
        {
            m.Attributes.Add(new MsidAttribute(streamId ?? "-", trackId));
        }

        if (ssrc is not uint primary)
        {
            return;
        }

        if (rtxSsrc is uint rtx)
        {
            m.Attributes.Add(new SsrcGroupAttribute(SsrcGroupAttribute.Fid, [primary, rtx]));
        }

        foreach (uint id in rtxSsrc is uint r ? [primary, r] : new[] { primary })
        {
            if (cname is not null)
            {
                m.Attributes.Add(new SsrcAttribute(id, "cname", cname));
            }

            if (trackId is not null)
            {
                m.Attributes.Add(new SsrcAttribute(id, "msid", (streamId ?? "-") + " " + trackId));
            }
        }
    }
}
