using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Stun.Turn.Server;

/// <summary>How the server reaches one client: from the UDP listener to an address, or over its TCP (or TLS) connection.</summary>
internal sealed class TurnClientLink : IEquatable<TurnClientLink>
{
    private readonly IUdpSocket? _udp;
    private readonly ITcpSocket? _tcp;
    private readonly Stream? _stream;
    private readonly Lock _writeLock = new();

    public TurnClientLink(IUdpSocket udp, IPEndPoint remote)
    {
        _udp = udp;
        Remote = remote;
    }

    /// <summary>A stream client: <paramref name="stream"/> is the connection's own stream, or the TLS stream over it.</summary>
    public TurnClientLink(ITcpSocket tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
        Remote = tcp.RemoteEndPoint;
    }

    public IPEndPoint Remote { get; }

    public bool IsStream => _tcp is not null;

    public bool Send(ReadOnlySpan<byte> packet)
    {
        if (_udp is not null)
        {
            return _udp.SendTo(packet, Remote);
        }

        try
        {
            lock (_writeLock)
            {
                _stream!.Write(packet);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    public bool Equals(TurnClientLink? other) =>
        other is not null && (ReferenceEquals(this, other) || (_tcp is null && other._tcp is null && Remote.Equals(other.Remote)));

    public override bool Equals(object? obj) => Equals(obj as TurnClientLink);

    public override int GetHashCode() => _tcp is null ? Remote.GetHashCode() : _tcp.GetHashCode();
}
