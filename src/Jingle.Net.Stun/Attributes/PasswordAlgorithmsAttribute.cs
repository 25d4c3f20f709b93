using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>PASSWORD-ALGORITHMS (RFC 8489 §14.11): the algorithms a server offers, in its order of preference.</summary>
public sealed record PasswordAlgorithmsAttribute(Credentials.PasswordAlgorithm[] Algorithms) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.PasswordAlgorithms;

    /// <inheritdoc />
    public override int GetValueLength() => Algorithms.Length * 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        for (int i = 0; i < Algorithms.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 4)..], (ushort)Algorithms[i]);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 4 + 2)..], 0);
        }
    }

    /// <inheritdoc />
    public bool Equals(PasswordAlgorithmsAttribute? other) => other is not null && Algorithms.AsSpan().SequenceEqual(other.Algorithms);

    /// <inheritdoc />
    public override int GetHashCode() => Algorithms.Length;

    internal static PasswordAlgorithmsAttribute? TryParse(ReadOnlySpan<byte> value)
    {
        var list = new List<Credentials.PasswordAlgorithm>();
        while (!value.IsEmpty)
        {
            if (value.Length < 4)
            {
                return null;
            }

            int parameters = (BinaryPrimitives.ReadUInt16BigEndian(value[2..]) + 3) & ~3;
            if (value.Length < 4 + parameters)
            {
                return null;
            }

            list.Add((Credentials.PasswordAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(value));
            value = value[(4 + parameters)..];
        }

        return new PasswordAlgorithmsAttribute([.. list]);
    }
}
