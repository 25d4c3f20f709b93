using System.Globalization;
using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

internal static partial class SdpOfferAnswer
{
    /// <summary>The static payload types we offer for the codecs that have one (RFC 3551 §6).</summary>
    private static readonly Dictionary<string, int> StaticPayloadTypeOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PCMU"] = 0,
        ["PCMA"] = 8,
        ["G722"] = 9,
    };

    /// <summary>
    /// An offer (RFC 9429 §5.2.1) with audio/video m-sections and optionally a data channel m-section, all in one
    /// BUNDLE group: UDP/TLS/RTP/SAVPF with rtcp-mux and rtcp-rsize, codecs with payload types (static ones for
    /// PCMU/PCMA/G722, dynamic from 96 up, an rtx after each video codec when rtx is listed), rtcp-fb, header
    /// extensions, msid and ssrc lines when sending; candidates on the first m-section (the BUNDLE tag).
    /// </summary>
    public static SessionDescription CreateOffer(OfferOptions options)
    {
        SessionDescription sdp = NewSession(options.SessionId, options.SessionVersion, options.Transport);
        var mids = options.Media.Select(m => m.Mid).ToList();
        if (options.DataChannelMid is string dataMid)
        {
            mids.Add(dataMid);
        }

        if (mids.Distinct(StringComparer.Ordinal).Count() != mids.Count)
        {
            throw new ArgumentException("The mids of an offer must be unique.", nameof(options));
        }

        sdp.Attributes.Add(new GroupAttribute(GroupAttribute.Bundle, mids));
        if (options.Media.Count > 0)
        {
            sdp.ExtmapAllowMixed = true;
        }

        sdp.Attributes.Add(new MsidSemanticAttribute("WMS", options.Media.Select(m => m.StreamId).OfType<string>().Where(s => s != "-").Distinct()));
        foreach (OfferedMedia media in options.Media)
        {
            MediaDescription m = OfferRtp(media, options);
            AddTransport(m, options.Transport, SdpSetupRole.ActPass, withCandidates: sdp.Media.Count == 0);
            MoveTransportFirst(m);
            sdp.Media.Add(m);
        }

        if (options.DataChannelMid is string mid)
        {
            var data = new MediaDescription(MediaDescription.ApplicationMedia, 9, MediaDescription.UdpDtlsSctp,
                [MediaDescription.WebRtcDataChannel])
            {
                Connection = new SdpConnection("IN", "IP4", "0.0.0.0"),
            };
            AddTransport(data, options.Transport, SdpSetupRole.ActPass, withCandidates: sdp.Media.Count == 0);
            data.Mid = mid;
            data.SctpPort = options.SctpPort;
            data.MaxMessageSize = options.MaxMessageSize;
            sdp.Media.Add(data);
        }

        return sdp;
    }

    private static MediaDescription OfferRtp(OfferedMedia media, OfferOptions options, int firstDynamic = 96)
    {
        var m = new MediaDescription(media.Kind, 9, MediaDescription.UdpTlsRtpSavpf, [])
        {
            Connection = new SdpConnection("IN", "IP4", "0.0.0.0"),
        };
        m.Attributes.Add(new RtcpAttribute(9, new SdpConnection("IN", "IP4", "0.0.0.0")));
        m.Mid = media.Mid;
        for (int i = 0; i < options.HeaderExtensions.Count; i++)
        {
            m.Attributes.Add(new ExtMapAttribute(i + 1, options.HeaderExtensions[i]));
        }

        m.Direction = media.Direction;
        if (media.Direction.Sends() && media.TrackId is not null)
        {
            m.Attributes.Add(new MsidAttribute(media.StreamId ?? "-", media.TrackId));
        }

        m.RtcpMux = true;
        m.RtcpRsize = true;
        var codecs = media.Codecs.Where(c => string.Equals(c.Kind, media.Kind, StringComparison.Ordinal)).ToList();
        bool rtx = codecs.Any(c => c.IsName("rtx"));
        int next = firstDynamic;
        int NextDynamic() => next <= 127
            ? next++
            : throw new ArgumentException("Too many codecs for the dynamic payload types 96-127.", nameof(media));

        foreach (SupportedCodec codec in codecs.Where(c => !c.IsName("rtx")))
        {
            int pt = StaticPayloadTypeOf.TryGetValue(codec.Name, out int s) && codec.ClockRate == 8000 ? s : NextDynamic();
            string ptText = pt.ToString(CultureInfo.InvariantCulture);
            m.Formats.Add(ptText);
            m.Attributes.Add(new RtpMapAttribute(pt, codec.Name, codec.ClockRate, codec.Channels == 1 ? null : codec.Channels));
            foreach (string fb in codec.RtcpFeedback)
            {
                int space = fb.IndexOf(' ', StringComparison.Ordinal);
                m.Attributes.Add(space < 0
                    ? new RtcpFeedbackAttribute(ptText, fb)
                    : new RtcpFeedbackAttribute(ptText, fb[..space], fb[(space + 1)..]));
            }

            if (!string.IsNullOrEmpty(codec.Fmtp))
            {
                m.Attributes.Add(new FmtpAttribute(ptText, codec.Fmtp));
            }

            if (rtx && media.Kind == MediaDescription.VideoMedia && !codec.IsAuxiliary)
            {
                int rtxPt = NextDynamic();
                string rtxText = rtxPt.ToString(CultureInfo.InvariantCulture);
                m.Formats.Add(rtxText);
                m.Attributes.Add(new RtpMapAttribute(rtxPt, "rtx", codec.ClockRate));
                m.Attributes.Add(new FmtpAttribute(rtxText, "apt=" + ptText));
            }
        }

        if (media.Direction.Sends() && media.Ssrc is uint ssrc)
        {
            if (media.RtxSsrc is uint rtxSsrc)
            {
                m.Attributes.Add(new SsrcGroupAttribute(SsrcGroupAttribute.Fid, [ssrc, rtxSsrc]));
            }

            foreach (uint id in media.RtxSsrc is uint r ? [ssrc, r] : new[] { ssrc })
            {
                if (media.Cname is not null)
                {
                    m.Attributes.Add(new SsrcAttribute(id, "cname", media.Cname));
                }

                if (media.TrackId is not null)
                {
                    m.Attributes.Add(new SsrcAttribute(id, "msid", (media.StreamId ?? "-") + " " + media.TrackId));
                }
            }
        }

        return m;
    }

    /// <summary>Puts the ICE/DTLS attributes (appended last by AddTransport) right after a=rtcp, as libwebrtc orders them.</summary>
    private static void MoveTransportFirst(MediaDescription m)
    {
        var transport = m.Attributes.Where(a => a is CandidateAttribute or IceOptionsAttribute or FingerprintAttribute or SetupAttribute ||
            a.Name is SdpAttributeNames.IceUfrag or SdpAttributeNames.IcePwd or SdpAttributeNames.EndOfCandidates).ToList();
        foreach (SdpAttribute a in transport)
        {
            m.Attributes.Remove(a);
        }

        int at = m.Attributes.Get<RtcpAttribute>() is { } rtcp ? m.Attributes.IndexOf(rtcp) + 1 : 0;
        foreach (SdpAttribute a in transport)
        {
            m.Attributes.Insert(at++, a);
        }
    }
}
