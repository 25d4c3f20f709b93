using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>LIFETIME in seconds (RFC 8656 §18.2).</summary>
public sealed record LifetimeAttribute(uint Value) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Lifetime;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    internal static LifetimeAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 4 ? new(BinaryPrimitives.ReadUInt32BigEndian(value)) : null;
}
