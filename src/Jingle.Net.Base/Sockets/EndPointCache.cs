using System.Net;
using System.Net.Sockets;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// Maps a received <see cref="SocketAddress"/> to a cached <see cref="IPEndPoint"/>, so that a busy socket talking to
/// a few peers allocates nothing per datagram. Used from the socket's receive loop only (single-threaded).
/// </summary>
internal sealed class EndPointCache
{
    private const int MaxEntries = 256;
    private readonly Dictionary<SocketAddress, Entry> _map = [];
    private SocketAddress? _lastAddress;
    private IPEndPoint? _lastEndPoint;

    public IPEndPoint Get(SocketAddress address)
    {
        if (_lastAddress is not null && _lastAddress.Equals(address))
        {
            return _lastEndPoint!;
        }

        if (!_map.TryGetValue(address, out Entry? entry))
        {
            if (_map.Count >= MaxEntries)
            {
                _map.Clear();
            }

            var key = new SocketAddress(address.Family, address.Size);
            address.Buffer.Span[..address.Size].CopyTo(key.Buffer.Span);
            entry = new Entry(key, CreateEndPoint(key));
            _map[key] = entry;
        }

        _lastAddress = entry.Key;
        _lastEndPoint = entry.EndPoint;
        return entry.EndPoint;
    }

    private sealed record Entry(SocketAddress Key, IPEndPoint EndPoint);

    private static IPEndPoint CreateEndPoint(SocketAddress address)
    {
        var template = new IPEndPoint(address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var endPoint = (IPEndPoint)template.Create(address);
        if (endPoint.Address.IsIPv4MappedToIPv6)
        {
            endPoint = new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port);
        }

        return endPoint;
    }
}
