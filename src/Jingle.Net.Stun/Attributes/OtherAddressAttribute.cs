using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>OTHER-ADDRESS (RFC 5780 §7.4).</summary>
public sealed record OtherAddressAttribute(IPEndPoint EndPoint) : AddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.OtherAddress;
}
