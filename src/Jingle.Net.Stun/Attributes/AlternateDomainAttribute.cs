namespace Jingle.Net.Stun.Attributes;

/// <summary>ALTERNATE-DOMAIN (RFC 8489 §14.16).</summary>
public sealed record AlternateDomainAttribute(string Value) : TextAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.AlternateDomain;
}
