namespace Jingle.Net.Stun.Attributes;

/// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) as received; writers compute it from a key.</summary>
public sealed record MessageIntegritySha256Attribute(byte[] Value) : BytesAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.MessageIntegritySha256;

    internal static MessageIntegritySha256Attribute? TryParse(ReadOnlySpan<byte> value) => value.Length is >= 16 and <= 32 && (value.Length & 3) == 0 ? new(value.ToArray()) : null;
}
