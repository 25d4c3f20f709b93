using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>Log messages of Jingle.Net. The SDP/JSEP part uses EventIds 6500–6699.</summary>
internal static partial class JingleLog
{
    [LoggerMessage(EventId = 6500, Level = LogLevel.Debug, Message = "Signaling state {From} -> {To} ({Source} {Type})")]
    public static partial void SignalingStateChanged(ILogger logger, string from, string to, string source, string type);

    [LoggerMessage(EventId = 6501, Level = LogLevel.Debug, Message = "Signaling: remote offer in have-local-offer rolls the local offer back (implicit rollback)")]
    public static partial void ImplicitRollback(ILogger logger);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Information, Message = "Signaling: {Source} {Type} rejected in state {State}: {Error}")]
    public static partial void SignalingRejected(ILogger logger, string source, string type, string state, string error);
}
