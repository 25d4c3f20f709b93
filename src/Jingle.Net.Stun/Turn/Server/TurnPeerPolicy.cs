using System.Net;
using System.Net.Sockets;

namespace Jingle.Net.Stun.Turn.Server;

/// <summary>
/// Which peer addresses a TURN server relays to. By default it refuses (403) loopback, private (RFC 1918, RFC 6598,
/// unique-local), link-local, multicast, broadcast and 0.0.0.0/8 peers, so a relay cannot be used to reach the
/// server's own networks (the same default as coturn).
/// </summary>
public static class TurnPeerPolicy
{
    /// <summary>True when the server may relay to <paramref name="address"/>.</summary>
    public static bool IsAllowed(IPAddress address, bool allowLoopback, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            if (b[0] == 0 || b[0] >= 224)
            {
                return false; // 0.0.0.0/8, multicast 224/4, reserved 240/4 and broadcast
            }

            if (b[0] == 127)
            {
                return allowLoopback;
            }

            bool isPrivate = b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (b[1] & 0xC0) == 64);
            return !isPrivate || allowPrivate;
        }

        if (address.IsIPv6Multicast || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return allowLoopback;
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal) || allowPrivate;
    }
}
