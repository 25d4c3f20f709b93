using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>RESPONSE-ADDRESS (RFC 3489 §11.2.2, legacy).</summary>
public sealed record ResponseAddressAttribute(IPEndPoint EndPoint) : AddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ResponseAddress;
}
