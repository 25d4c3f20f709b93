using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>ICE-CONTROLLED (RFC 8445 §16.1): the agent's tie-breaker.</summary>
public sealed record IceControlledAttribute(ulong Value) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.IceControlled;

    /// <inheritdoc />
    public override int GetValueLength() => 8;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    internal static IceControlledAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 8 ? new(BinaryPrimitives.ReadUInt64BigEndian(value)) : null;
}
