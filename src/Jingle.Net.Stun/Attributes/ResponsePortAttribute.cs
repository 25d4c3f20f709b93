using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>RESPONSE-PORT (RFC 5780 §7.5): the port to send the response to.</summary>
public sealed record ResponsePortAttribute(ushort Port) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ResponsePort;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        destination[..4].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, Port);
    }

    internal static ResponsePortAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 4 ? new(BinaryPrimitives.ReadUInt16BigEndian(value)) : null;
}
