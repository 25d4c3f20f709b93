using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Ice.Transport;

/// <summary>
/// An <see cref="IPacketTransport"/> over one UDP socket and one remote address: the simplest "selected pair", for
/// running DTLS (or SCTP over DTLS) over real loopback UDP without ICE, in tests, benchmarks and interop runs against
/// programs such as <c>openssl s_server -dtls</c>. Packets from other addresses are dropped. With no remote given,
/// the first sender becomes the remote (a server waiting for its client) and the transport turns writable then.
/// Bind the socket with <see cref="UdpSocketOptions.DeliveryThread"/> set to the owner's thread.
/// </summary>
public sealed class UdpPacketTransport : IPacketTransport, IAsyncDisposable
{
    private readonly IUdpSocket _socket;
    private readonly bool _ownsSocket;
    private volatile IPEndPoint? _remote;
    private long _foreignDropped;

    /// <summary>Wraps <paramref name="socket"/> and starts receiving on it.</summary>
    public UdpPacketTransport(IUdpSocket socket, IPEndPoint? remote, string? name = null, bool ownsSocket = true)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _ownsSocket = ownsSocket;
        _remote = remote;
        TransportName = name ?? $"udp:{socket.LocalEndPoint}";
        socket.Start(OnPacket);
    }

    /// <inheritdoc/>
    public string TransportName { get; }

    /// <summary>The remote address (null until learned).</summary>
    public IPEndPoint? RemoteEndPoint => _remote;

    /// <summary>The socket's local address.</summary>
    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>Datagrams dropped because they came from another address.</summary>
    public long ForeignPacketsDropped => Interlocked.Read(ref _foreignDropped);

    /// <inheritdoc/>
    public bool IsWritable => _remote is not null;

    /// <inheritdoc/>
    public event Action<IPacketTransport>? WritableStateChanged;

    /// <inheritdoc/>
    public event TransportPacketHandler? PacketReceived;

    /// <inheritdoc/>
    public bool Send(ReadOnlySpan<byte> packet) => _remote is { } remote && _socket.SendTo(packet, remote);

    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint from, long timestamp)
    {
        IPEndPoint? remote = _remote;
        if (remote is null)
        {
            _remote = from;
            WritableStateChanged?.Invoke(this);
        }
        else if (!remote.Equals(from))
        {
            Interlocked.Increment(ref _foreignDropped);
            return;
        }

        PacketReceived?.Invoke(this, packet, timestamp);
    }

    /// <summary>Closes the socket if this transport owns it.</summary>
    public ValueTask DisposeAsync() => _ownsSocket ? _socket.DisposeAsync() : ValueTask.CompletedTask;
}
