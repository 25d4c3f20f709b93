using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>ICMP (RFC 8656 §18.13): an ICMP error the relay received for a peer, in a Data indication.</summary>
public sealed record IcmpAttribute(byte IcmpType, byte IcmpCode, uint ErrorData) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Icmp;

    /// <inheritdoc />
    public override int GetValueLength() => 8;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        destination[0] = 0;
        destination[1] = 0;
        destination[2] = IcmpType;
        destination[3] = IcmpCode;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ErrorData);
    }

    internal static IcmpAttribute? TryParse(ReadOnlySpan<byte> value) =>
        value.Length == 8 ? new(value[2], value[3], BinaryPrimitives.ReadUInt32BigEndian(value[4..])) : null;
}
