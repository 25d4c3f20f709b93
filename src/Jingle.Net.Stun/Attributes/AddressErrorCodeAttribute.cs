using System.Buffers.Binary;

namespace Jingle.Net.Stun.Attributes;

/// <summary>ADDRESS-ERROR-CODE (RFC 8656 §18.12): why one address family of a dual allocation failed.</summary>
public sealed record AddressErrorCodeAttribute(byte Family, int Code, string Reason) : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.AddressErrorCode;

    /// <inheritdoc />
    public override int GetValueLength() => 4 + System.Text.Encoding.UTF8.GetByteCount(Reason);

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        ErrorCodeAttribute.EncodeCode(destination, Code);
        destination[0] = Family;
        System.Text.Encoding.UTF8.GetBytes(Reason, destination[4..]);
    }

    internal static AddressErrorCodeAttribute? TryParse(ReadOnlySpan<byte> value) =>
        ErrorCodeAttribute.TryDecodeCode(value, out int code) ? new(value[0], code, System.Text.Encoding.UTF8.GetString(value[4..])) : null;
}
