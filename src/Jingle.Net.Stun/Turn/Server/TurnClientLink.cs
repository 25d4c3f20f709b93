using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Stun.Turn.Server;

/// <summary>How the server reaches one client: from the UDP listener to an address, or over its TCP connection.</summary>
internal sealed class TurnClientLink : IEquatable<TurnClientLink>
{
    private readonly IUdpSocket? _udp;
    private readonly ITcpSocket? _tcp;
    private readonly Lock _writeLock = new();

    public TurnClientLink(IUdpSocket udp, IPEndPoint remote)
    {
        _udp = udp;
        Remote = remote;
    }

    public TurnClientLink(ITcpSocket tcp)
    {
        _tcp = tcp;
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
                _tcp!.Stream.Write(packet);
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
