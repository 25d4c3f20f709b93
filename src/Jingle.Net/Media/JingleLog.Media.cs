using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>Log messages of transceivers and the SRTP media path (EventIds 6300–6319; RTCP and the send queue 6620–6639).</summary>
internal static partial class JingleLog
{
    [LoggerMessage(EventId = 6300, Level = LogLevel.Debug, Message = "Media: SRTP keyed with {Profile}")]
    public static partial void SrtpKeyed(ILogger logger, string profile);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Media: DTLS connected without an SRTP profile; RTP cannot flow")]
    public static partial void SrtpMissing(ILogger logger);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Debug, Message = "Media: RTP dropped ({Reason}), ssrc {Ssrc}")]
    public static partial void RtpDropped(ILogger logger, string reason, uint ssrc);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Debug, Message = "Media: transceiver {Mid} ({Kind}) {Change}")]
    public static partial void TransceiverChanged(ILogger logger, string mid, string kind, string change);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Debug, Message = "Media: remote track on mid {Mid}")]
    public static partial void RemoteTrack(ILogger logger, string mid);

    [LoggerMessage(EventId = 6620, Level = LogLevel.Trace, Message = "> RTCP {Type} from ssrc {Ssrc} with {Blocks} report blocks")]
    public static partial void RtcpReportSent(ILogger logger, string type, uint ssrc, int blocks);

    [LoggerMessage(EventId = 6621, Level = LogLevel.Debug, Message = "< RTCP dropped: {Reason}")]
    public static partial void RtcpDropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 6622, Level = LogLevel.Debug, Message = "Media: RTP send queue full, packet for ssrc {Ssrc} dropped")]
    public static partial void RtpSendQueueFull(ILogger logger, uint ssrc);
}
