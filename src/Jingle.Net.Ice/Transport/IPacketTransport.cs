namespace Jingle.Net.Ice.Transport;

/// <summary>
/// Receives one packet from an <see cref="IPacketTransport"/>. <paramref name="packet"/> is valid only during the
/// call (the buffer is reused); copy what must outlive it. <paramref name="timestamp"/> is from the environment's
/// <see cref="TimeProvider.GetTimestamp"/>.
/// </summary>
public delegate void TransportPacketHandler(IPacketTransport transport, ReadOnlySpan<byte> packet, long timestamp);

/// <summary>
/// A datagram transport one layer hands to the next (libjingle's PacketTransportInternal): the ICE
/// P2PTransportChannel implements it, DtlsTransport runs over one and is one (for SCTP), and tests use in-memory
/// pairs. All members are used on the owner's thread (the worker RtcThread).
/// </summary>
public interface IPacketTransport
{
    /// <summary>A name for logs (e.g. "audio:1" = content and component).</summary>
    string TransportName { get; }

    /// <summary>True while <see cref="Send"/> can deliver packets (ICE: a writable selected pair).</summary>
    bool IsWritable { get; }

    /// <summary>Raised when <see cref="IsWritable"/> changes.</summary>
    event Action<IPacketTransport>? WritableStateChanged;

    /// <summary>Raised for each packet received.</summary>
    event TransportPacketHandler? PacketReceived;

    /// <summary>
    /// Sends one packet. Returns false (and counts it) when it cannot be sent now; never throws for network
    /// conditions. Allocates nothing in steady state.
    /// </summary>
    bool Send(ReadOnlySpan<byte> packet);
}
