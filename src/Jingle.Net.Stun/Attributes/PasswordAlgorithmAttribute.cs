using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>
/// PASSWORD-ALGORITHM (RFC 8489 §14.12): the algorithm the client chose. MD5 and SHA-256 take no parameters;
/// parameters of other algorithms are skipped when parsing.
/// </summary>
public sealed record PasswordAlgorithmAttribute(Credentials.PasswordAlgorithm Algorithm) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.PasswordAlgorithm;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Algorithm);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
    }

    internal static PasswordAlgorithmAttribute? TryParse(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || value.Length != 4 + ((BinaryPrimitives.ReadUInt16BigEndian(value[2..]) + 3) & ~3))
        {
            return null;
        }

        return new PasswordAlgorithmAttribute((Credentials.PasswordAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(value));
    }
}
