namespace Jingle.Net.Sctp;

/// <summary>
/// What an <see cref="SctpAssociation"/> reports. Calls come after the public call that caused them has finished
/// changing state (dcSCTP's CallbackDeferrer), on the caller's thread, so a handler may call back in.
/// </summary>
public interface ISctpAssociationHandler
{
    /// <summary>The association is established (COOKIE ECHO/COOKIE ACK done).</summary>
    void OnConnected();

    /// <summary>
    /// A complete message arrived. <paramref name="payload"/> is valid only during the call (its buffer is pooled).
    /// </summary>
    void OnMessageReceived(ushort streamId, uint ppid, ReadOnlySpan<byte> payload);

    /// <summary>The association closed gracefully (SHUTDOWN sequence).</summary>
    void OnClosed();

    /// <summary>The association failed or the peer aborted it.</summary>
    void OnAborted(string reason);

    /// <summary>The peer restarted the association (RFC 9260 §5.2.4): sequence numbers and queues were reset.</summary>
    void OnConnectionRestarted();

    /// <summary>The peer reset these incoming streams (RFC 6525): their sequence numbers restart at 0.</summary>
    void OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds);

    /// <summary>Our reset of these outgoing streams (requested with ResetStreams) was performed.</summary>
    void OnStreamsResetPerformed(ReadOnlySpan<ushort> streamIds);

    /// <summary>A stream's buffered amount fell to its BufferedAmountLowThreshold.</summary>
    void OnBufferedAmountLow(ushort streamId);

    /// <summary>A non-fatal error: an ERROR chunk from the peer, or a malformed packet dropped.</summary>
    void OnError(string message);
}
