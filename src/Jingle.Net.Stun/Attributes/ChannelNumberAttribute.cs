using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>CHANNEL-NUMBER (RFC 8656 §18.1): the channel (0x4000–0x4FFF) and 16 reserved bits.</summary>
public sealed record ChannelNumberAttribute(ushort Number) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ChannelNumber;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        destination[..4].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, Number);
    }

    internal static ChannelNumberAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 4 ? new(BinaryPrimitives.ReadUInt16BigEndian(value)) : null;
}
