namespace Jingle.Net.Jsep;

/// <summary>
/// A codec this endpoint can receive and send, as the answerer matches it against an offer: by encoding name
/// (case-insensitive), clock rate and channel count (RFC 3264 §6.1), with per-codec fmtp rules.
/// </summary>
/// <param name="Kind">"audio" or "video".</param>
/// <param name="Name">The encoding name: "opus", "PCMU", "PCMA", "G722", "VP8", "telephone-event", "rtx".</param>
/// <param name="ClockRate">The RTP clock rate as written in rtpmap (G722 is 8000 there, RFC 3551 §4.5.2).</param>
/// <param name="Channels">The channel count (opus is 2 in SDP, RFC 7587 §7).</param>
internal sealed record SupportedCodec(string Kind, string Name, int ClockRate, int Channels = 1)
{
    /// <summary>The fmtp parameters we write in an answer (for opus e.g. "minptime=10;useinbandfec=1"), or null.</summary>
    public string? Fmtp { get; init; }

    /// <summary>The RTCP feedback we support for this codec, as "type" or "type parameter" (e.g. "nack pli").</summary>
    public IReadOnlyList<string> RtcpFeedback { get; init; } = [];

    public static SupportedCodec Opus { get; } = new("audio", "opus", 48000, 2)
    {
        Fmtp = "minptime=10;useinbandfec=1",
        RtcpFeedback = ["transport-cc"],
    };

    public static SupportedCodec Pcmu { get; } = new("audio", "PCMU", 8000);

    public static SupportedCodec Pcma { get; } = new("audio", "PCMA", 8000);

    public static SupportedCodec G722 { get; } = new("audio", "G722", 8000);

    public static SupportedCodec TelephoneEvent8000 { get; } = new("audio", "telephone-event", 8000) { Fmtp = "0-15" };

    public static SupportedCodec TelephoneEvent48000 { get; } = new("audio", "telephone-event", 48000) { Fmtp = "0-15" };

    public static SupportedCodec Vp8 { get; } = new("video", "VP8", 90000)
    {
        RtcpFeedback = ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"],
    };

    /// <summary>RTX (RFC 4588) for video: accepted for an offered rtx whose apt is an accepted codec.</summary>
    public static SupportedCodec VideoRtx { get; } = new("video", "rtx", 90000);

    /// <summary>Everything Jingle.Net's media engines plan to support.</summary>
    public static IReadOnlyList<SupportedCodec> Defaults { get; } =
        [Opus, G722, Pcmu, Pcma, TelephoneEvent48000, TelephoneEvent8000, Vp8, VideoRtx];

    /// <summary>True for the codecs that carry no media of their own (they only accompany a real codec).</summary>
    public bool IsAuxiliary => IsName("telephone-event") || IsName("rtx") || IsName("CN") || IsName("red") || IsName("ulpfec");

    public bool IsName(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}
