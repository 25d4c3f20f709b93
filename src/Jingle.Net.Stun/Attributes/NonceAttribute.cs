namespace Jingle.Net.Stun.Attributes;

/// <summary>NONCE (RFC 8489 §14.10).</summary>
public sealed record NonceAttribute(string Value) : TextAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Nonce;
}
