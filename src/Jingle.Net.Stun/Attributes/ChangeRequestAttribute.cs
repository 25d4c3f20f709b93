using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>CHANGE-REQUEST (RFC 5780 §7.2): ask the server to answer from its other address and/or port.</summary>
public sealed record ChangeRequestAttribute(bool ChangeIp, bool ChangePort) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ChangeRequest;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, (ChangeIp ? 4u : 0u) | (ChangePort ? 2u : 0u));

    internal static ChangeRequestAttribute? TryParse(ReadOnlySpan<byte> value)
    {
        if (value.Length != 4)
        {
            return null;
        }

        uint flags = BinaryPrimitives.ReadUInt32BigEndian(value);
        return new ChangeRequestAttribute((flags & 4) != 0, (flags & 2) != 0);
    }
}
