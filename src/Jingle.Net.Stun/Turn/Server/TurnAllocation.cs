using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Stun.Turn.Server;

/// <summary>One allocation on the server: its client 5-tuple, relay socket, lifetime, permissions and channels.</summary>
internal sealed class TurnAllocation
{
    public TurnAllocation(TurnClientLink client, string username, IUdpSocket relay, TimeSpan expires)
    {
        Client = client;
        Username = username;
        Relay = relay;
        Expires = expires;
    }

    public TurnClientLink Client { get; }

    public string Username { get; }

    public IUdpSocket Relay { get; }

    public TimeSpan Expires { get; set; }

    /// <summary>Peer address → expiry (RFC 8656 §9: 300 s).</summary>
    public Dictionary<IPAddress, TimeSpan> Permissions { get; } = [];

    /// <summary>Channel → (peer, expiry) (RFC 8656 §12: 600 s).</summary>
    public Dictionary<ushort, (IPEndPoint Peer, TimeSpan Expires)> Channels { get; } = [];

    /// <summary>Peer → channel.</summary>
    public Dictionary<IPEndPoint, ushort> ChannelsByPeer { get; } = [];

    public bool HasPermission(IPAddress address, TimeSpan now) =>
        Permissions.TryGetValue(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, out TimeSpan expires) && expires > now;
}
