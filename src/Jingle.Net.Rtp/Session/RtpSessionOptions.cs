namespace Jingle.Net.Rtp.Session;

/// <summary>Settings of an <see cref="RtpSession"/>.</summary>
public sealed record RtpSessionOptions
{
    /// <summary>RTP clock rate of the media (48000 for Opus, 90000 for video).</summary>
    public int ClockRate { get; init; } = 90000;

    /// <summary>CNAME sent in SDES (RFC 7022: a random, per-session value).</summary>
    public string CanonicalName { get; init; } = "jingle";

    /// <summary>Session bandwidth in bits per second; RTCP uses 5% of it (RFC 3550 §6.2).</summary>
    public int SessionBandwidth { get; init; } = 1_000_000;

    /// <summary>Minimum RTCP interval: <see cref="RtcpIntervalCalculator.VideoMinimum"/> or <see cref="RtcpIntervalCalculator.AudioMinimum"/>.</summary>
    public TimeSpan MinimumRtcpInterval { get; init; } = RtcpIntervalCalculator.VideoMinimum;

    /// <summary>Accept RTCP that is not a full compound packet (RFC 5506, "a=rtcp-rsize").</summary>
    public bool ReducedSizeRtcp { get; init; } = true;

    /// <summary>
    /// Most remote sources tracked at once. Packets from further new SSRCs are dropped and counted (a peer sending
    /// from ever-new SSRCs must not grow the table without bound); a BYE frees a slot.
    /// </summary>
    public int MaxRemoteSources { get; init; } = 64;

    /// <summary>Local SSRC; null picks a random one.</summary>
    public uint? LocalSsrc { get; init; }
}
