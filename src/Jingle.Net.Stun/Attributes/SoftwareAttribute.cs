namespace Jingle.Net.Stun.Attributes;

/// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
public sealed record SoftwareAttribute(string Value) : TextAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Software;
}
