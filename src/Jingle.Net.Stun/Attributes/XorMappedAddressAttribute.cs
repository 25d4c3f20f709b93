using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
public sealed record XorMappedAddressAttribute(IPEndPoint EndPoint) : XorAddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.XorMappedAddress;
}
