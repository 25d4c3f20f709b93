using Microsoft.Extensions.Logging;

namespace Jingle.Net.Rtp;

/// <summary>Log messages of Jingle.Net.Rtp. EventIds 3000–3999 belong to this assembly.</summary>
internal static partial class RtpLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "SRTP context created for {Profile}")]
    public static partial void SrtpContextCreated(ILogger logger, Ice.Dtls.SrtpProtectionProfile profile);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "< SRTP{Rtcp} packet from SSRC {Ssrc} dropped: {Status}")]
    public static partial void SrtpDropped(ILogger logger, string rtcp, uint ssrc, Srtp.SrtpStatus status);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "< RTP packet dropped: {Reason}")]
    public static partial void RtpDropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "< RTCP packet dropped: {Reason}")]
    public static partial void RtcpDropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Debug, Message = "RTP session: new remote SSRC {Ssrc}")]
    public static partial void RemoteSourceAdded(ILogger logger, uint ssrc);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "RTP session: local SSRC collision, {OldSsrc} -> {NewSsrc}")]
    public static partial void SsrcCollision(ILogger logger, uint oldSsrc, uint newSsrc);
}
