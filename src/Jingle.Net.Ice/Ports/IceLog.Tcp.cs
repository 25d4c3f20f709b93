using System.Net;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice;

/// <summary>Log messages of ICE-TCP (RFC 6544 TcpPort). EventIds 2100–2119.</summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "{Port}: connecting to {Remote}")]
    public static partial void TcpConnecting(ILogger logger, object port, IPEndPoint remote);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "{Port}: connected to {Remote} from {Local}")]
    public static partial void TcpConnected(ILogger logger, object port, IPEndPoint remote, IPEndPoint local);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "{Port}: accepted a connection from {Remote}")]
    public static partial void TcpAccepted(ILogger logger, object port, IPEndPoint remote);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "{Port}: connection with {Remote} closed ({Reason})")]
    public static partial void TcpStreamClosed(ILogger logger, object port, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug, Message = "{Port}: dropped a {Length} B frame from {Remote} before a valid check")]
    public static partial void TcpFrameDropped(ILogger logger, object port, IPEndPoint remote, int length);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "{Transport}: TCP candidates not gathered ({Reason})")]
    public static partial void TcpNotGathered(ILogger logger, string transport, string reason);
}
