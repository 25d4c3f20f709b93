using System.Globalization;
using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

internal static partial class SdpOfferAnswer
{
    /// <summary>The static payload types of RFC 3551 §6 that WebRTC peers offer without an rtpmap.</summary>
    private static readonly Dictionary<int, (string Name, int ClockRate, int Channels)> StaticPayloadTypes = new()
    {
        [0] = ("PCMU", 8000, 1),
        [3] = ("GSM", 8000, 1),
        [4] = ("G723", 8000, 1),
        [8] = ("PCMA", 8000, 1),
        [9] = ("G722", 8000, 1),
        [13] = ("CN", 8000, 1),
        [18] = ("G729", 8000, 1),
    };

    /// <summary>An offered codec matched to one of ours, with the payload type of the offer.</summary>
    internal sealed record NegotiatedCodec(int PayloadType, string Name, int ClockRate, int? Channels, string? Fmtp,
        IReadOnlyList<RtcpFeedbackAttribute> RtcpFeedback);

    /// <summary>
    /// The codecs of an offered m-section that we support, in the offer's order (RFC 3264 §6.1): matched by name
    /// (case-insensitive), clock rate and channels; telephone-event only at the clock rate of an accepted audio codec,
    /// rtx only for an accepted apt. None when no real codec matches (auxiliary codecs alone are not enough).
    /// </summary>
    public static IReadOnlyList<NegotiatedCodec> NegotiateCodecs(MediaDescription offered, IReadOnlyList<SupportedCodec> supported)
    {
        var primary = new List<NegotiatedCodec>();
        var auxiliary = new List<(int Index, int PayloadType, SupportedCodec Ours, int? Channels)>();
        for (int i = 0; i < offered.Formats.Count; i++)
        {
            if (!int.TryParse(offered.Formats[i], NumberStyles.None, CultureInfo.InvariantCulture, out int pt) || pt > 127)
            {
                continue;
            }

            (string Name, int ClockRate, int? Channels)? codec = offered.GetRtpMap(pt) is RtpMapAttribute map
                ? (map.EncodingName, map.ClockRate, map.Channels)
                : StaticPayloadTypes.TryGetValue(pt, out var s) ? (s.Name, s.ClockRate, (int?)null) : null;
            if (codec is not { } c)
            {
                continue;
            }

            string? offeredFmtp = offered.GetFmtp(pt)?.Parameters;
            SupportedCodec? ours = supported.FirstOrDefault(o =>
                string.Equals(o.Kind, offered.Media, StringComparison.Ordinal) &&
                o.IsName(c.Name) && o.ClockRate == c.ClockRate && o.Channels == (c.Channels ?? 1) && FmtpMatches(o, offeredFmtp));
            if (ours is null)
            {
                continue;
            }

            if (ours.IsAuxiliary)
            {
                auxiliary.Add((i, pt, ours, c.Channels));
                continue;
            }

            primary.Add(Negotiated(offered, pt, ours, c.Channels, AnswerFmtp(ours, offeredFmtp)));
        }

        if (primary.Count == 0)
        {
            return [];
        }

        var result = new List<(int Index, NegotiatedCodec Codec)>();
        foreach (NegotiatedCodec p in primary)
        {
            result.Add((offered.Formats.IndexOf(p.PayloadType.ToString(CultureInfo.InvariantCulture)), p));
        }

        foreach ((int index, int pt, SupportedCodec ours, int? channels) in auxiliary)
        {
            if (ours.IsName("rtx"))
            {
                string? apt = offered.GetFmtp(pt)?.GetParameter("apt");
                if (apt is null || !primary.Any(p => p.PayloadType.ToString(CultureInfo.InvariantCulture) == apt))
                {
                    continue;
                }

                result.Add((index, Negotiated(offered, pt, ours, channels, "apt=" + apt)));
            }
            else if (ours.IsName("telephone-event"))
            {
                // RFC 4733 §2.4.1: the event clock matches the audio codec's; 8000 always goes with the narrow-band codecs.
                if (!primary.Any(p => p.ClockRate == ours.ClockRate))
                {
                    continue;
                }

                result.Add((index, Negotiated(offered, pt, ours, channels, offered.GetFmtp(pt)?.Parameters ?? ours.Fmtp)));
            }
            else
            {
                result.Add((index, Negotiated(offered, pt, ours, channels, ours.Fmtp)));
            }
        }

        return result.OrderBy(r => r.Index).Select(r => r.Codec).ToList();
    }

    /// <summary>
    /// The fmtp we answer for a codec. Opus (RFC 7587 §7) parameters describe the receiver and never prevent a match:
    /// we answer ours. G.711/G.722 have none. VP8 (RFC 7741 §6.1) max-fr/max-fs are receiver limits: ours, if any.
    /// H.264 (RFC 6184 §8.2.2): the offer's parameters (the profile and packetization mode matched ours, the level is
    /// asymmetric). VP9: the matched profile-id.
    /// </summary>
    private static string? AnswerFmtp(SupportedCodec ours, string? offeredFmtp) =>
        ours.IsName("H264") || ours.IsName("VP9") ? offeredFmtp ?? ours.Fmtp : ours.Fmtp;

    /// <summary>
    /// Whether an offered codec's fmtp describes the same codec configuration as ours: H.264 needs the same
    /// packetization-mode (default 0) and a constrained-baseline profile-level-id (default 42000a is baseline,
    /// RFC 6184 §8.1); VP9 needs the same profile-id (default 0). Other codecs match on name and rate alone.
    /// </summary>
    internal static bool FmtpMatches(SupportedCodec ours, string? offeredFmtp)
    {
        if (ours.IsName("H264"))
        {
            string mode = FmtpParameter(offeredFmtp, "packetization-mode") ?? "0";
            string ourMode = FmtpParameter(ours.Fmtp, "packetization-mode") ?? "0";
            return mode == ourMode && IsConstrainedBaseline(FmtpParameter(offeredFmtp, "profile-level-id") ?? "42000a");
        }

        if (ours.IsName("VP9"))
        {
            return (FmtpParameter(offeredFmtp, "profile-id") ?? "0") == (FmtpParameter(ours.Fmtp, "profile-id") ?? "0");
        }

        return true;
    }

    /// <summary>
    /// profile_idc and profile-iop of a profile-level-id that decode to Constrained Baseline (H.264 Annex A.2.1.1:
    /// profile_idc 66 with constraint_set1, 77 with constraint_set0, 88 with constraint_set0 and 1).
    /// </summary>
    private static bool IsConstrainedBaseline(string profileLevelId)
    {
        if (profileLevelId.Length != 6 ||
            !int.TryParse(profileLevelId.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int idc) ||
            !int.TryParse(profileLevelId.AsSpan(2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int iop))
        {
            return false;
        }

        return idc switch
        {
            0x42 => (iop & 0x40) != 0,
            0x4D => (iop & 0x80) != 0,
            0x58 => (iop & 0xC0) == 0xC0,
            _ => false,
        };
    }

    private static string? FmtpParameter(string? fmtp, string name)
    {
        if (fmtp is null)
        {
            return null;
        }

        foreach (string part in fmtp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(part[..eq].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return part[(eq + 1)..].Trim();
            }
        }

        return null;
    }

    private static NegotiatedCodec Negotiated(MediaDescription offered, int pt, SupportedCodec ours, int? channels, string? fmtp)
    {
        var feedback = new List<RtcpFeedbackAttribute>();
        foreach (RtcpFeedbackAttribute fb in offered.RtcpFeedbacks)
        {
            if (fb.PayloadType != pt && fb.Format != "*")
            {
                continue;
            }

            string key = fb.Parameter is null ? fb.Type : fb.Type + " " + fb.Parameter;
            if (ours.RtcpFeedback.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                feedback.Add(new RtcpFeedbackAttribute(pt.ToString(CultureInfo.InvariantCulture), fb.Type, fb.Parameter));
            }
        }

        RtpMapAttribute? map = offered.GetRtpMap(pt);
        return new NegotiatedCodec(pt, map?.EncodingName ?? ours.Name, map?.ClockRate ?? ours.ClockRate, channels, fmtp, feedback);
    }

    private static MediaDescription? AnswerRtp(SessionDescription offer, MediaDescription offered, AnswerOptions options)
    {
        IReadOnlyList<NegotiatedCodec> codecs = NegotiateCodecs(offered, options.Codecs);
        if (codecs.Count == 0)
        {
            return null;
        }

        var m = new MediaDescription(offered.Media, 9, offered.Protocol,
            codecs.Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture)));
        m.Attributes.Add(new RtcpAttribute(9, new SdpConnection("IN", "IP4", "0.0.0.0")));
        m.Mid = offered.Mid;
        foreach (ExtMapAttribute ext in offered.ExtMaps)
        {
            if (options.HeaderExtensions.Contains(ext.Uri, StringComparer.Ordinal))
            {
                m.Attributes.Add(new ExtMapAttribute(ext.Id, ext.Uri));
            }
        }

        AnsweredMedia? ours = offered.Mid is string id && options.Media?.TryGetValue(id, out AnsweredMedia? a) == true ? a : null;
        MediaDirection wanted = ours?.Direction ?? (offered.Media == MediaDescription.AudioMedia ? options.AudioDirection : options.VideoDirection);
        m.Direction = MediaDirections.Answer(offer.GetDirection(offered), wanted);
        m.RtcpMux = offered.RtcpMux;
        m.RtcpRsize = offered.RtcpRsize;
        foreach (NegotiatedCodec c in codecs)
        {
            m.Attributes.Add(new RtpMapAttribute(c.PayloadType, c.Name, c.ClockRate, c.Channels));
            foreach (RtcpFeedbackAttribute fb in c.RtcpFeedback)
            {
                m.Attributes.Add(fb);
            }

            if (!string.IsNullOrEmpty(c.Fmtp))
            {
                m.Attributes.Add(new FmtpAttribute(c.PayloadType.ToString(CultureInfo.InvariantCulture), c.Fmtp));
            }
        }

        if (ours is not null && m.Direction is MediaDirection answered && answered.Sends())
        {
            bool rtx = codecs.Any(c => string.Equals(c.Name, "rtx", StringComparison.OrdinalIgnoreCase));
            AddSenderLines(m, ours.StreamId, ours.TrackId, ours.Ssrc, rtx ? ours.RtxSsrc : null, ours.Cname);
        }

        return m;
    }
}
