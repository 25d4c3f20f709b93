using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): the comprehension-required types a 420 response did not understand.</summary>
public sealed record UnknownAttributesAttribute(ushort[] Types) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.UnknownAttributes;

    /// <inheritdoc />
    public override int GetValueLength() => Types.Length * 2;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        for (int i = 0; i < Types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 2)..], Types[i]);
        }
    }

    /// <inheritdoc />
    public bool Equals(UnknownAttributesAttribute? other) => other is not null && Types.AsSpan().SequenceEqual(other.Types);

    /// <inheritdoc />
    public override int GetHashCode() => Types.Length;

    internal static UnknownAttributesAttribute? TryParse(ReadOnlySpan<byte> value)
    {
        if ((value.Length & 1) != 0)
        {
            return null;
        }

        var types = new ushort[value.Length / 2];
        for (int i = 0; i < types.Length; i++)
        {
            types[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(i * 2)..]);
        }

        return new UnknownAttributesAttribute(types);
    }
}
