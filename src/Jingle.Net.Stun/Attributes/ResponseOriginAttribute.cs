using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>RESPONSE-ORIGIN (RFC 5780 §7.3).</summary>
public sealed record ResponseOriginAttribute(IPEndPoint EndPoint) : AddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ResponseOrigin;
}
