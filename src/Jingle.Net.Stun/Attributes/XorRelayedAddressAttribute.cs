using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>XOR-RELAYED-ADDRESS (RFC 8656 §18.5).</summary>
public sealed record XorRelayedAddressAttribute(IPEndPoint EndPoint) : XorAddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.XorRelayedAddress;
}
