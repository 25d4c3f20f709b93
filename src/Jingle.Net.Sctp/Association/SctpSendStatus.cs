namespace Jingle.Net.Sctp;

/// <summary>The result of <see cref="SctpAssociation.Send"/>.</summary>
public enum SctpSendStatus
{
    Success,
    /// <summary>The send buffer is full: wait for OnBufferedAmountLow (backpressure).</summary>
    BufferFull,
    MessageTooLarge,
    EmptyMessage,
    /// <summary>The association is not established (or is shutting down).</summary>
    NotConnected,
    InvalidStream,
}
