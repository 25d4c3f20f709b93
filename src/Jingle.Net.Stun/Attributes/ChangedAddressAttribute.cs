using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>CHANGED-ADDRESS (RFC 3489 §11.2.3, legacy).</summary>
public sealed record ChangedAddressAttribute(IPEndPoint EndPoint) : AddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ChangedAddress;
}
