using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11): ask for a second (IPv6) relayed address.</summary>
public sealed record AdditionalAddressFamilyAttribute(byte Family) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.AdditionalAddressFamily;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        destination[..4].Clear();
        destination[0] = Family;
    }

    internal static AdditionalAddressFamilyAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 4 ? new(value[0]) : null;
}
