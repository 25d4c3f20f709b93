using System.Net;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Stun;

/// <summary>Log messages of Jingle.Net.Stun. EventIds 1000–1999 belong to this assembly.</summary>
internal static partial class StunLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Dropped malformed packet from {Remote}: {Reason}")]
    public static partial void DroppedMalformed(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Trace, Message = "> {Type} {TransactionId} to {Remote} ({Length} B)")]
    public static partial void Sent(ILogger logger, StunMessageType type, StunTransactionId transactionId, EndPoint? remote, int length);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Trace, Message = "< {Type} {TransactionId} from {Remote} ({Length} B)")]
    public static partial void Received(ILogger logger, StunMessageType type, StunTransactionId transactionId, EndPoint? remote, int length);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Transaction {TransactionId} timed out after {Attempts} transmissions")]
    public static partial void TransactionTimedOut(ILogger logger, StunTransactionId transactionId, int attempts);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Binding request from {Remote} rejected: {Reason}")]
    public static partial void BindingRejected(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "STUN server listening on {Protocol} {LocalEndPoint}")]
    public static partial void ServerListening(ILogger logger, string protocol, EndPoint localEndPoint);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "TCP connection from {Remote} closed: {Reason}")]
    public static partial void TcpConnectionClosed(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "TURN allocation {Relayed} created for {Client} (user {User})")]
    public static partial void AllocationCreated(ILogger logger, EndPoint relayed, EndPoint client, string user);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "TURN allocation {Relayed} for {Client} ended: {Reason}")]
    public static partial void AllocationEnded(ILogger logger, EndPoint relayed, EndPoint client, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "TURN {Method} from {Client} refused: {Code} {Reason}")]
    public static partial void TurnRequestRefused(ILogger logger, StunMethod method, EndPoint client, int code, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "TURN server listening on {Protocol} {LocalEndPoint}, realm {Realm}")]
    public static partial void TurnServerListening(ILogger logger, string protocol, EndPoint localEndPoint, string realm);

    // 1320–1339: TURN server over TLS.
    [LoggerMessage(EventId = 1320, Level = LogLevel.Debug, Message = "TURN TLS handshake from {Client} failed: {Reason}")]
    public static partial void TurnTlsHandshakeFailed(ILogger logger, EndPoint client, string reason);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Debug, Message = "TURN TLS connection from {Client}: {Protocol} {Cipher}")]
    public static partial void TurnTlsConnected(ILogger logger, EndPoint client, System.Security.Authentication.SslProtocols protocol, System.Net.Security.TlsCipherSuite cipher);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "TURN client {State} ({Server})")]
    public static partial void TurnClientState(ILogger logger, string state, EndPoint server);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "TURN client request {Method} failed: {Code} {Reason}")]
    public static partial void TurnClientRequestFailed(ILogger logger, StunMethod method, int code, string reason);

    // 1300–1319: client response validation (per-transaction integrity, FINGERPRINT).
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Response to transaction {TransactionId} discarded: {Reason}")]
    public static partial void ResponseDiscarded(ILogger logger, StunTransactionId transactionId, string reason);
}
