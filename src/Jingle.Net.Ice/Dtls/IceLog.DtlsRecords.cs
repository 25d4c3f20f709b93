using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice;

/// <summary>
/// Log messages of Jingle.Net.Ice. This part: the DTLS application data fast path, EventIds 2820–2839 (block
/// reserved for it). Never logs keys or payloads.
/// </summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 2820, Level = LogLevel.Debug, Message = "DTLS {Name}: application data fast path on (epoch {Epoch}, first write sequence {FirstSequence})")]
    public static partial void DtlsFastPathEnabled(ILogger logger, string name, int epoch, long firstSequence);

    [LoggerMessage(EventId = 2821, Level = LogLevel.Debug, Message = "DTLS {Name}: application data stays on BouncyCastle's record layer: {Reason}")]
    public static partial void DtlsFastPathNotUsed(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 2822, Level = LogLevel.Debug, Message = "DTLS {Name}: dropped a received record: {Reason} (epoch {Epoch}, sequence {Sequence})")]
    public static partial void DtlsRecordDropped(ILogger logger, string name, string reason, int epoch, long sequence);

    [LoggerMessage(EventId = 2823, Level = LogLevel.Debug, Message = "DTLS {Name}: delivery queue full ({Capacity}): a decrypted record was dropped")]
    public static partial void DtlsDeliveryDropped(ILogger logger, string name, int capacity);

    [LoggerMessage(EventId = 2824, Level = LogLevel.Warning, Message = "DTLS {Name}: a BouncyCastle record whose sequence number was reassigned had an unexpected header; not sent")]
    public static partial void DtlsRewriteFailed(ILogger logger, string name);
}
