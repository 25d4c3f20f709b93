using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>RESERVATION-TOKEN (RFC 8656 §18.9).</summary>
public sealed record ReservationTokenAttribute(ulong Value) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ReservationToken;

    /// <inheritdoc />
    public override int GetValueLength() => 8;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    internal static ReservationTokenAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 8 ? new(BinaryPrimitives.ReadUInt64BigEndian(value)) : null;
}
