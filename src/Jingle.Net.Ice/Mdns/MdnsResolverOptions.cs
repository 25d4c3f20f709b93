using System.Net;

namespace Jingle.Net.Ice.Mdns;

/// <summary>Settings of the default <see cref="MdnsResolver"/>.</summary>
public sealed record MdnsResolverOptions
{
    /// <summary>The IPv4 mDNS group (RFC 6762 §3).</summary>
    public static readonly IPEndPoint IPv4Group = new(IPAddress.Parse("224.0.0.251"), 5353);

    /// <summary>The IPv6 mDNS group (link-local scope, RFC 6762 §3).</summary>
    public static readonly IPEndPoint IPv6Group = new(IPAddress.Parse("ff02::fb"), 5353);

    /// <summary>How long a query waits for an answer before the name counts as unresolvable (on the injected clock).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Names kept in the cache (the oldest entry is evicted when full).</summary>
    public int CacheCapacity { get; init; } = 32;

    /// <summary>Upper bound on how long an answer is cached, whatever its TTL (RFC 6762 host records use 120 s).</summary>
    public TimeSpan MaxCacheTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where queries go: the IPv4 group, and the IPv6 group when the factory can bind an IPv6 socket.</summary>
    public IReadOnlyList<IPEndPoint> Destinations { get; init; } = [IPv4Group, IPv6Group];
}
