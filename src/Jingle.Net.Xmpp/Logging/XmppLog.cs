using Microsoft.Extensions.Logging;

namespace Jingle.Net.Xmpp;

/// <summary>Log messages of Jingle.Net.Xmpp. EventIds 7000–7999 belong to this assembly.</summary>
internal static partial class XmppLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Debug, Message = "XMPP engine state {State} ({Error} {Condition})")]
    public static partial void StateChanged(ILogger logger, XmppEngineState state, XmppErrorCode error, string? condition);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "XMPP stream error from us: {Condition} ({Reason})")]
    public static partial void LocalStreamError(ILogger logger, string condition, string? reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "XMPP stream error from the server: {Condition}")]
    public static partial void RemoteStreamError(ILogger logger, string condition);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "SASL {Mechanism} authentication failed: {Condition}")]
    public static partial void SaslFailed(ILogger logger, string mechanism, string condition);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Bound as {Jid}")]
    public static partial void Bound(ILogger logger, string jid);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Stream management {Event} (h={H}, unacked={Unacked})")]
    public static partial void StreamManagement(ILogger logger, string @event, uint h, int unacked);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Error, Message = "Stanza handler threw")]
    public static partial void HandlerThrew(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Debug, Message = "Ignored {What} from {From}")]
    public static partial void Ignored(ILogger logger, string what, string? from);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "XMPP connection to {Server} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Information, Message = "XMPP reconnect in {Delay}")]
    public static partial void ReconnectScheduled(ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Trace, Message = "SASL mechanism {Mechanism} chosen")]
    public static partial void SaslMechanism(ILogger logger, string mechanism);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "XEP-0198 resend queue full ({Capacity}): oldest unacknowledged stanza forgotten ({Dropped} so far)")]
    public static partial void UnacknowledgedQueueFull(ILogger logger, int capacity, long dropped);
}
