namespace Jingle.Net.Rtp.Srtp;

/// <summary>Tunables of an <see cref="SrtpContext"/>.</summary>
public sealed record SrtpOptions
{
    /// <summary>
    /// Replay window in packets (RFC 3711 §3.3.2 requires at least 64; libwebrtc uses 1024 so that retransmitted
    /// and reordered video packets are not lost). Rounded up to a multiple of 64.
    /// </summary>
    public int ReplayWindowSize { get; init; } = 1024;

    /// <summary>Most SSRCs one context tracks; a packet from one more SSRC is dropped with <see cref="SrtpStatus.TooManyStreams"/>.</summary>
    public int MaxStreams { get; init; } = 1024;
}
