using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Virtual;

/// <summary>TCP on a virtual host: listeners and connections (reliable in-memory byte streams).</summary>
public sealed partial class VirtualHost
{
    private readonly Dictionary<int, VirtualTcpListener> _tcpListeners = [];
    private readonly HashSet<int> _tcpConnectionPorts = [];
    private int _nextTcpPort = FirstEphemeralPort;
    private int _acceptedConnections;

    /// <summary>TCP listeners open on this host.</summary>
    public int TcpListenerCount
    {
        get { lock (Network.Sync) { return _tcpListeners.Count; } }
    }

    /// <summary>TCP connection endpoints open on this host (client and accepted sockets not yet disposed).</summary>
    public int TcpConnectionCount
    {
        get { lock (Network.Sync) { return _tcpConnectionPorts.Count + _acceptedConnections; } }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The handshake takes one round trip on the links' delays. Inbound connections reach only listeners that are
    /// routable from the caller: on the internet, behind a non-translating router, or through an existing mapping.
    /// Fails with <see cref="SocketError.ConnectionRefused"/> when nothing listens and
    /// <see cref="SocketError.HostUnreachable"/> when a router drops the SYN or there is no route.
    /// </remarks>
    public ValueTask<ITcpSocket> ConnectTcpAsync(IPEndPoint remote, IPEndPoint? localEndPoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (localEndPoint is not null)
        {
            CheckLocalAddress(localEndPoint.Address);
        }

        return Network.ConnectTcpAsync(this, remote, localEndPoint?.Port ?? 0, cancellationToken);
    }

    /// <inheritdoc />
    public ITcpListener ListenTcp(IPEndPoint localEndPoint, int backlog = 64)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        CheckLocalAddress(localEndPoint.Address);
        lock (Network.Sync)
        {
            int port = localEndPoint.Port;
            if (port == 0)
            {
                port = AllocateTcpPortLocked();
            }
            else if (_tcpListeners.ContainsKey(port) || _tcpConnectionPorts.Contains(port))
            {
                throw new SocketException((int)SocketError.AddressAlreadyInUse);
            }

            var listener = new VirtualTcpListener(this, new IPEndPoint(localEndPoint.Address, port));
            _tcpListeners.Add(port, listener);
            return listener;
        }
    }

    internal VirtualTcpListener? FindTcpListenerLocked(IPEndPoint destination) =>
        _tcpListeners.TryGetValue(destination.Port, out VirtualTcpListener? listener) && listener.Accepts(destination.Address) ? listener : null;

    internal void RemoveTcpListener(VirtualTcpListener listener)
    {
        lock (Network.Sync)
        {
            if (_tcpListeners.TryGetValue(listener.LocalEndPoint.Port, out VirtualTcpListener? open) && open == listener)
            {
                _tcpListeners.Remove(listener.LocalEndPoint.Port);
            }
        }
    }

    /// <summary>Reserves a port for a connection: <paramref name="port"/>, or an ephemeral one when 0.</summary>
    internal int ReserveTcpConnectionPortLocked(int port)
    {
        if (port == 0)
        {
            port = AllocateTcpPortLocked();
        }
        else if (_tcpListeners.ContainsKey(port) || _tcpConnectionPorts.Contains(port))
        {
            throw new SocketException((int)SocketError.AddressAlreadyInUse);
        }

        _tcpConnectionPorts.Add(port);
        return port;
    }

    /// <summary>Marks an accepted connection's endpoint as open (it shares the listener's port).</summary>
    internal void AddAcceptedConnectionLocked() => _acceptedConnections++;

    internal void ReleaseTcpConnectionPort(int port, bool accepted)
    {
        lock (Network.Sync)
        {
            if (accepted)
            {
                _acceptedConnections--;
            }
            else
            {
                _tcpConnectionPorts.Remove(port);
            }
        }
    }

    private int AllocateTcpPortLocked()
    {
        for (int attempt = 0; attempt <= LastPort - FirstEphemeralPort; attempt++)
        {
            int port = _nextTcpPort;
            _nextTcpPort = port == LastPort ? FirstEphemeralPort : port + 1;
            if (!_tcpListeners.ContainsKey(port) && !_tcpConnectionPorts.Contains(port))
            {
                return port;
            }
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse, $"No free ephemeral TCP port on {Name}.");
    }
}
