namespace Jingle.Net.Jsep;

/// <summary>
/// The codecs and header extensions a <see cref="PeerConnection"/> offers and answers with until the media engines
/// bring their own lists. Audio: opus/48000/2 (minptime=10;useinbandfec=1), PCMU, PCMA, telephone-event at 48000
/// and 8000 (answers also accept G722). Video: VP8, VP9 profile 0, H.264 constrained baseline with
/// packetization-mode=1, each with rtx (RFC 4588) and nack, nack pli, ccm fir, goog-remb, transport-cc.
/// </summary>
internal static class MediaCodecs
{
    public static SupportedCodec Vp9 { get; } = new("video", "VP9", 90000)
    {
        Fmtp = "profile-id=0",
        RtcpFeedback = SupportedCodec.Vp8.RtcpFeedback,
    };

    /// <summary>H.264 constrained baseline level 3.1, non-interleaved mode (RFC 6184 §8.1), as browsers offer it.</summary>
    public static SupportedCodec H264ConstrainedBaseline { get; } = new("video", "H264", 90000)
    {
        Fmtp = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
        RtcpFeedback = SupportedCodec.Vp8.RtcpFeedback,
    };

    /// <summary>What we offer, in preference order.</summary>
    public static IReadOnlyList<SupportedCodec> Offer { get; } =
    [
        SupportedCodec.Opus, SupportedCodec.Pcmu, SupportedCodec.Pcma, SupportedCodec.TelephoneEvent48000, SupportedCodec.TelephoneEvent8000,
        SupportedCodec.Vp8, Vp9, H264ConstrainedBaseline, SupportedCodec.VideoRtx,
    ];

    /// <summary>What we accept in an answer (the offer's order wins).</summary>
    public static IReadOnlyList<SupportedCodec> Answer { get; } = [.. Offer, SupportedCodec.G722];

    /// <summary>The header extensions (RFC 8285) we offer (ids 1, 2, 3) and accept.</summary>
    public static IReadOnlyList<string> HeaderExtensions { get; } =
    [
        MidExtension,
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    ];

    public const string MidExtension = "urn:ietf:params:rtp-hdrext:sdes:mid";
}
