using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>REQUESTED-TRANSPORT (RFC 8656 §18.7): the IP protocol number of the relay (17 = UDP).</summary>
public sealed record RequestedTransportAttribute(byte Protocol) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.RequestedTransport;

    /// <inheritdoc />
    public override int GetValueLength() => 4;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        destination[..4].Clear();
        destination[0] = Protocol;
    }

    internal static RequestedTransportAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 4 ? new(value[0]) : null;
}
