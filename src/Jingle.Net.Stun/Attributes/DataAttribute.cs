namespace Jingle.Net.Stun.Attributes;

/// <summary>DATA (RFC 8656 §18.4): the application payload of a Send or Data indication.</summary>
public sealed record DataAttribute(byte[] Value) : BytesAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Data;

    internal static DataAttribute? TryParse(ReadOnlySpan<byte> value) => new(value.ToArray());
}
