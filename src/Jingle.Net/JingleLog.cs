using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>Log messages of the PeerConnection (EventIds 6000–6499; the SDP part is in Sdp/JingleLog.Sdp.cs).</summary>
internal static partial class JingleLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Debug, Message = "PeerConnection: DTLS starting as {Role}")]
    public static partial void DtlsStarting(ILogger logger, string role);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "PeerConnection: data channel '{Label}' rejected: {Reason}")]
    public static partial void ChannelRejected(ILogger logger, string label, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "PeerConnection: connection state {State}")]
    public static partial void ConnectionStateChanged(ILogger logger, string state);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "PeerConnection: DTLS {State}: {Error}")]
    public static partial void DtlsFailed(ILogger logger, string state, string? error);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "PeerConnection: closed")]
    public static partial void Closed(ILogger logger);

    [LoggerMessage(EventId = 6600, Level = LogLevel.Error, Message = "PeerConnection: a transport step failed on the worker thread; the connection fails")]
    public static partial void TransportStepFailed(ILogger logger, Exception exception);
}
