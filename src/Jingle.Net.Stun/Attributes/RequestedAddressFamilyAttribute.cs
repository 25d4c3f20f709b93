using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6): 0x01 IPv4, 0x02 IPv6.</summary>
public sealed record RequestedAddressFamilyAttribute(byte Family) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.RequestedAddressFamily;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        destination[..4].Clear();
        destination[0] = Family;
    }

    internal static RequestedAddressFamilyAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 4 ? new(value[0]) : null;
}
