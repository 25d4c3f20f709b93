using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>FINGERPRINT (RFC 8489 §14.7) as received; writers compute it.</summary>
public sealed record FingerprintAttribute(uint Value) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Fingerprint;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    internal static FingerprintAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 4 ? new(BinaryPrimitives.ReadUInt32BigEndian(value)) : null;
}
