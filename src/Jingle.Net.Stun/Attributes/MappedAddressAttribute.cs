using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>MAPPED-ADDRESS (RFC 8489 §14.1).</summary>
public sealed record MappedAddressAttribute(IPEndPoint EndPoint) : AddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.MappedAddress;
}
