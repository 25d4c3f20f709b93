using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>Early trickled candidates and ICE server configuration (EventIds 6020–6039, this block).</summary>
internal static partial class JingleLog
{
    [LoggerMessage(EventId = 6020, Level = LogLevel.Debug, Message = "PeerConnection: candidate of ICE generation {Ufrag} held until its description arrives ({Count} held)")]
    public static partial void EarlyCandidateHeld(ILogger logger, string ufrag, int count);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Warning, Message = "PeerConnection: early candidate dropped: {Reason} ({Dropped} dropped so far)")]
    public static partial void EarlyCandidateDropped(ILogger logger, string reason, long dropped);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "PeerConnection: ICE server {Uri} skipped (stuns: is not used for gathering)")]
    public static partial void IceServerSkipped(ILogger logger, string uri);
}
