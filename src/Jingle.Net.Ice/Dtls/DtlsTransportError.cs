namespace Jingle.Net.Ice.Dtls;

/// <summary>Why a <see cref="DtlsTransport"/> entered <see cref="DtlsTransportState.Failed"/>.</summary>
/// <param name="Reason">The category.</param>
/// <param name="Message">A sentence for logs and users.</param>
/// <param name="AlertDescription">The TLS alert sent or received (RFC 5246 §7.2), when there was one.</param>
public sealed record DtlsTransportError(DtlsErrorReason Reason, string Message, byte? AlertDescription = null)
{
    /// <inheritdoc/>
    public override string ToString() => AlertDescription is { } alert
        ? $"{Reason}: {Message} (alert {alert})"
        : $"{Reason}: {Message}";
}
