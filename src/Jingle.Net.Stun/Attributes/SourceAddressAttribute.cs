using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>SOURCE-ADDRESS (RFC 3489 §11.2.5, legacy).</summary>
public sealed record SourceAddressAttribute(IPEndPoint EndPoint) : AddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.SourceAddress;
}
