using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>REFLECTED-FROM (RFC 3489 §11.2.11, legacy).</summary>
public sealed record ReflectedFromAttribute(IPEndPoint EndPoint) : AddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ReflectedFrom;
}
