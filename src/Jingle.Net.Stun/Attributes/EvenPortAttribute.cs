using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>EVEN-PORT (RFC 8656 §18.10): ask for an even relay port, optionally reserving the next one.</summary>
public sealed record EvenPortAttribute(bool ReserveNextPort) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.EvenPort;

    /// <inheritdoc />
    public override int GetValueLength() => 1;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => destination[0] = ReserveNextPort ? (byte)0x80 : (byte)0;

    internal static EvenPortAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 1 ? new((value[0] & 0x80) != 0) : null;
}
