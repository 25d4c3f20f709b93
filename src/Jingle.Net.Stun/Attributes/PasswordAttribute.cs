namespace Jingle.Net.Stun.Attributes;

/// <summary>PASSWORD (RFC 3489 §11.2.7, legacy).</summary>
public sealed record PasswordAttribute(string Value) : TextAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Password;

    /// <summary>The attribute without its value, which is a credential and never printed.</summary>
    public override string ToString() => "PASSWORD(***)";
}
