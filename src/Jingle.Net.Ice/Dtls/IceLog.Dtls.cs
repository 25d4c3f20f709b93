using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice;

/// <summary>Log messages of Jingle.Net.Ice. This part: DTLS, EventIds 2800–2999. Never logs keys or payloads.</summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 2800, Level = LogLevel.Debug, Message = "DTLS {Name}: {OldState} -> {NewState}")]
    public static partial void DtlsStateChanged(ILogger logger, string name, Dtls.DtlsTransportState oldState, Dtls.DtlsTransportState newState);

    [LoggerMessage(EventId = 2801, Level = LogLevel.Debug, Message = "DTLS {Name}: starting as {Role}")]
    public static partial void DtlsStarting(ILogger logger, string name, string role);

    [LoggerMessage(EventId = 2802, Level = LogLevel.Information, Message = "DTLS {Name}: connected as {Role}, cipher suite 0x{CipherSuite:X4}, SRTP profile {Profile}")]
    public static partial void DtlsConnected(ILogger logger, string name, string role, int cipherSuite, string profile);

    [LoggerMessage(EventId = 2803, Level = LogLevel.Warning, Message = "DTLS {Name}: failed: {Error}")]
    public static partial void DtlsFailed(ILogger logger, string name, string error);

    [LoggerMessage(EventId = 2804, Level = LogLevel.Debug, Message = "DTLS {Name}: closed ({By})")]
    public static partial void DtlsClosed(ILogger logger, string name, string by);

    [LoggerMessage(EventId = 2805, Level = LogLevel.Trace, Message = "DTLS {Name}: handshake timer expired after {TimeoutMs} ms (#{Count}); the flight is retransmitted")]
    public static partial void DtlsRetransmit(ILogger logger, string name, int count, long timeoutMs);

    [LoggerMessage(EventId = 2806, Level = LogLevel.Debug, Message = "DTLS {Name}: dropped a {Length} B packet: {Reason}")]
    public static partial void DtlsPacketDropped(ILogger logger, string name, int length, string reason);

    [LoggerMessage(EventId = 2807, Level = LogLevel.Debug, Message = "DTLS {Name}: alert {Direction} level {Level} description {Description}")]
    public static partial void DtlsAlert(ILogger logger, string name, string direction, short level, short description);

    [LoggerMessage(EventId = 2808, Level = LogLevel.Error, Message = "DTLS {Name}: event handler threw")]
    public static partial void DtlsHandlerException(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 2860, Level = LogLevel.Information, Message = "DTLS: X25519 runs on BouncyCastle, libcrypto's is not used: {Reason}")]
    public static partial void DtlsX25519LibCryptoUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2861, Level = LogLevel.Warning, Message = "DTLS: libcrypto's {Call} failed during an X25519 agreement; it was finished on BouncyCastle (logged once)")]
    public static partial void DtlsX25519LibCryptoCallFailed(ILogger logger, string call);
}
