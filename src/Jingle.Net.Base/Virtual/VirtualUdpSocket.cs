using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Virtual;

/// <summary>A UDP socket on a <see cref="VirtualHost"/>.</summary>
internal sealed class VirtualUdpSocket : IUdpSocket
{
    private const int MaxUdpPayload = 65507;
    private readonly UdpSocketOptions _options;
    private readonly IPEndPoint _hostEndPoint;
    private readonly IPEndPoint _loopbackEndPoint;
    private UdpPacketHandler? _handler;
    private volatile bool _disposed;

    public VirtualUdpSocket(VirtualHost host, IPEndPoint localEndPoint, UdpSocketOptions options)
    {
        Host = host;
        LocalEndPoint = localEndPoint;
        _options = options;
        _hostEndPoint = new IPEndPoint(host.Address, localEndPoint.Port);
        _loopbackEndPoint = new IPEndPoint(IPAddress.Loopback, localEndPoint.Port);
    }

    public VirtualHost Host { get; }

    public IPEndPoint LocalEndPoint { get; }

    public PacketSocketStatistics Statistics { get; } = new();

    internal bool IsReceiving => _handler is not null && !_disposed;

    public void Start(UdpPacketHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_options.DeliveryThread is { IsStopping: true } thread)
        {
            throw new ObjectDisposedException(thread.Name, "The delivery thread is stopping.");
        }

        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
        {
            throw new InvalidOperationException("The socket has already been started.");
        }
    }

    public bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (_disposed || packet.Length > MaxUdpPayload || !Host.Network.SendUdp(this, packet, remote))
        {
            Statistics.OnSendError();
            return false;
        }

        Statistics.OnSent(packet.Length);
        return true;
    }

    /// <summary>The source a sent datagram carries: the bound address, or the host's address when bound to any.</summary>
    internal IPEndPoint GetSourceEndPoint(bool toLoopback) =>
        toLoopback ? _loopbackEndPoint
        : LocalEndPoint.Address.Equals(IPAddress.Any) || LocalEndPoint.Address.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(LocalEndPoint.Address) ? _hostEndPoint
        : LocalEndPoint;

    /// <summary>Whether a datagram addressed to <paramref name="address"/> reaches this socket.</summary>
    internal bool Accepts(IPAddress address) =>
        LocalEndPoint.Address.Equals(IPAddress.Any) || LocalEndPoint.Address.Equals(IPAddress.IPv6Any) || LocalEndPoint.Address.Equals(address)
        || (IPAddress.IsLoopback(LocalEndPoint.Address) && IPAddress.IsLoopback(address));

    /// <summary>Hands a datagram to the handler, inline or on the delivery thread. Takes ownership of its buffer.</summary>
    internal void Deliver(InFlightDatagram datagram)
    {
        if (_options.DeliveryThread is { } thread)
        {
            datagram.TargetSocket = this;
            if (!thread.Post(static d => d.TargetSocket!.Invoke(d), datagram))
            {
                Statistics.OnDropped();
                datagram.ReturnBuffer();
            }

            return;
        }

        Invoke(datagram);
    }

    private void Invoke(InFlightDatagram datagram)
    {
        try
        {
            UdpPacketHandler? handler = _handler;
            if (handler is null || _disposed)
            {
                Statistics.OnDropped();
                return;
            }

            Statistics.OnReceived(datagram.Length);
            try
            {
                handler(this, datagram.Payload, datagram.Source, Host.Network.TimeProvider.GetTimestamp());
            }
            catch (Exception e)
            {
                // As with real sockets: a handler bug is logged and counted, and the socket keeps receiving.
                Statistics.OnDropped();
                BaseLog.VirtualUdpHandlerException(Host.Network.Logger, LocalEndPoint, e);
            }
        }
        finally
        {
            datagram.ReturnBuffer();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Host.RemoveUdpSocket(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"vudp:{Host.Name}:{LocalEndPoint}";
}
