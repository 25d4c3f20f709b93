namespace Jingle.Net.Stun.Attributes;

/// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5) as received; writers compute it from a key.</summary>
public sealed record MessageIntegrityAttribute(byte[] Value) : BytesAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.MessageIntegrity;

    internal static MessageIntegrityAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == StunConstants.MessageIntegrityLength ? new(value.ToArray()) : null;
}
