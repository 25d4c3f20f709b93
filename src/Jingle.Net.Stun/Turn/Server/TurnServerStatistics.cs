namespace Jingle.Net.Stun.Turn.Server;

/// <summary>Counters of a <see cref="TurnServer"/>.</summary>
public sealed class TurnServerStatistics
{
    internal long _malformed;
    internal long _unauthenticated;
    internal long _staleNonces;
    internal long _forbiddenPeers;
    internal long _allocations;
    internal long _relayedToPeers;
    internal long _relayedToClients;
    internal long _droppedNoPermission;
    internal long _tlsConnections;
    internal long _tlsHandshakeFailures;

    /// <summary>Packets dropped as malformed (truncated, oversized, garbage, bad FINGERPRINT).</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    /// <summary>Requests answered 401.</summary>
    public long Unauthenticated => Interlocked.Read(ref _unauthenticated);

    /// <summary>Requests answered 438.</summary>
    public long StaleNonces => Interlocked.Read(ref _staleNonces);

    /// <summary>Permissions refused with 403.</summary>
    public long ForbiddenPeers => Interlocked.Read(ref _forbiddenPeers);

    /// <summary>Allocations created so far.</summary>
    public long AllocationsCreated => Interlocked.Read(ref _allocations);

    /// <summary>Datagrams relayed from clients to peers.</summary>
    public long RelayedToPeers => Interlocked.Read(ref _relayedToPeers);

    /// <summary>Datagrams relayed from peers to clients.</summary>
    public long RelayedToClients => Interlocked.Read(ref _relayedToClients);

    /// <summary>Datagrams dropped for lack of a permission.</summary>
    public long DroppedNoPermission => Interlocked.Read(ref _droppedNoPermission);

    /// <summary>TLS connections whose handshake completed.</summary>
    public long TlsConnections => Interlocked.Read(ref _tlsConnections);

    /// <summary>TLS connections closed because the handshake failed or timed out.</summary>
    public long TlsHandshakeFailures => Interlocked.Read(ref _tlsHandshakeFailures);
}
