using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>XOR-PEER-ADDRESS (RFC 8656 §18.3).</summary>
public sealed record XorPeerAddressAttribute(IPEndPoint EndPoint) : XorAddressAttribute(EndPoint)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.XorPeerAddress;
}
