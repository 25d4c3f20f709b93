using System.Net;

namespace Jingle.Net.Stun.Client;

/// <summary>What RFC 5780 discovery found.</summary>
public sealed record NatBehaviorResult(
    IPEndPoint MappedAddress,
    IPEndPoint? OtherAddress,
    NatMappingBehavior Mapping,
    NatFilteringBehavior Filtering);
