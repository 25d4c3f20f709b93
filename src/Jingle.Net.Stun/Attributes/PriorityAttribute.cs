using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>PRIORITY (RFC 8445 §16.1).</summary>
public sealed record PriorityAttribute(uint Value) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Priority;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    internal static PriorityAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 4 ? new(BinaryPrimitives.ReadUInt32BigEndian(value)) : null;
}
