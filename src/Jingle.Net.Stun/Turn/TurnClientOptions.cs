using Jingle.Net.Stun.Client;

namespace Jingle.Net.Stun.Turn;

/// <summary>Options of <see cref="TurnClient"/>.</summary>
public sealed record TurnClientOptions
{
    /// <summary>Long-term credential username.</summary>
    public required string Username { get; init; }

    /// <summary>Long-term credential password.</summary>
    public required string Password { get; init; }

    /// <summary>Connection to the server (UDP, TCP, TLS; local address; retransmissions).</summary>
    public StunClientOptions Connection { get; init; } = new();

    /// <summary>Requested relay family (RFC 6156): 0x01 IPv4 (default), 0x02 IPv6.</summary>
    public byte RequestedAddressFamily { get; init; } = 0x01;

    /// <summary>Requested allocation lifetime (the server may shorten it).</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Refresh this long before the allocation, a channel or a permission expires.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Describes the options without the password, which is never printed.</summary>
    public override string ToString() => $"TurnClientOptions {{ Username = {Username}, Password = *** }}";
}
