using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice;

/// <summary>Log messages of TURN over TCP in TurnPort. EventIds 2700–2704 (block 2700–2719 is TURN-over-TCP and mDNS).</summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 2700, Level = LogLevel.Warning, Message = "{Port}: TCP connection to TURN server {Server} ended ({Reason}); relay lost")]
    public static partial void TurnStreamClosed(ILogger logger, object port, string server, string reason);
}
