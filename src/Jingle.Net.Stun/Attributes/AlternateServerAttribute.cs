using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>ALTERNATE-SERVER (RFC 8489 §14.15).</summary>
public sealed record AlternateServerAttribute(IPEndPoint EndPoint) : AddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.AlternateServer;
}
