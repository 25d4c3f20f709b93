namespace Jingle.Net.Stun.Attributes;

/// <summary>PADDING (RFC 5780 §7.6).</summary>
public sealed record PaddingAttribute(byte[] Value) : BytesAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Padding;

    internal static PaddingAttribute? TryParse(ReadOnlySpan<byte> value) => new(value.ToArray());
}
