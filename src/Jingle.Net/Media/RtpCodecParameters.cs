namespace Jingle.Net;

/// <summary>
/// W3C RTCRtpCodecParameters: one negotiated codec of a sender or receiver, with the payload type both sides use
/// (the offerer's, RFC 3264 §6.1).
/// </summary>
/// <param name="PayloadType">The RTP payload type.</param>
/// <param name="MimeType">"audio/opus", "video/VP8", "audio/telephone-event", "video/rtx", ...</param>
/// <param name="ClockRate">The RTP clock rate.</param>
/// <param name="Channels">The channel count for audio (opus: 2), null otherwise.</param>
/// <param name="SdpFmtpLine">The a=fmtp parameters, or null.</param>
public sealed record RtpCodecParameters(int PayloadType, string MimeType, int ClockRate, int? Channels, string? SdpFmtpLine)
{
    /// <summary>The encoding name after the slash ("opus").</summary>
    public string Name => MimeType[(MimeType.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
