using Microsoft.Extensions.Logging;

namespace Jingle.Net.Sctp;

/// <summary>Log messages of Jingle.Net.Sctp. EventIds 4000–4999 belong to this assembly.</summary>
internal static partial class SctpLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "SCTP {Name}: {From} -> {To}")]
    public static partial void StateChanged(ILogger logger, string name, SctpAssociationState from, SctpAssociationState to);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "SCTP {Name}: dropped packet ({Reason})")]
    public static partial void PacketDropped(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "SCTP {Name}: aborted: {Reason}")]
    public static partial void Aborted(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "SCTP {Name}: T3-rtx expired, RTO now {Rto} ms")]
    public static partial void T3Expired(ILogger logger, string name, double rto);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "SCTP {Name}: {Timer} expired ({Attempt})")]
    public static partial void HandshakeTimerExpired(ILogger logger, string name, string timer, int attempt);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "SCTP {Name}: peer restarted the association")]
    public static partial void Restarted(ILogger logger, string name);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "SCTP {Name}: ERROR chunk from peer: {Cause}")]
    public static partial void ErrorReceived(ILogger logger, string name, string cause);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Trace, Message = "SCTP {Name}: stream reset {Direction} for {Count} streams")]
    public static partial void StreamReset(ILogger logger, string name, string direction, int count);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Debug, Message = "SCTP {Name}: receive window grown to {Window} B (peer sent {Bytes} B in {EpochMs} ms)")]
    public static partial void ReceiveWindowGrown(ILogger logger, string name, long window, long bytes, double epochMs);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Debug, Message = "SCTP {Name}: receive window no longer tuned ({Reason}): the whole buffer is advertised")]
    public static partial void ReceiveWindowTuningStopped(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Debug, Message = "Data channel {Label} ({StreamId}): {State}")]
    public static partial void DataChannelState(ILogger logger, string label, ushort streamId, string state);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Debug, Message = "Data channel: dropped DCEP message on stream {StreamId} ({Reason})")]
    public static partial void DcepDropped(ILogger logger, ushort streamId, string reason);
}
