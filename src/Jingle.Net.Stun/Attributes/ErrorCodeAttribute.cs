using System.Text;

namespace Jingle.Net.Stun.Attributes;

/// <summary>ERROR-CODE (RFC 8489 §14.8): a code 300–699 and a UTF-8 reason phrase.</summary>
public sealed record ErrorCodeAttribute(int Code, string Reason) : StunAttribute
{
    /// <summary>The code with the RFC's reason phrase.</summary>
    public ErrorCodeAttribute(int code)
        : this(code, StunErrorCodes.GetReasonPhrase(code))
    {
    }

    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.ErrorCode;

    /// <inheritdoc />
    public override int GetValueLength() => 4 + Encoding.UTF8.GetByteCount(Reason);

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        EncodeCode(destination, Code);
        Encoding.UTF8.GetBytes(Reason, destination[4..]);
    }

    internal static void EncodeCode(Span<byte> destination, int code)
    {
        if (code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes are 300-699.");
        }

        destination[0] = 0;
        destination[1] = 0;
        destination[2] = (byte)(code / 100);
        destination[3] = (byte)(code % 100);
    }

    internal static bool TryDecodeCode(ReadOnlySpan<byte> value, out int code)
    {
        code = 0;
        if (value.Length < 4)
        {
            return false;
        }

        int @class = value[2] & 0x07;
        int number = value[3];
        if (@class is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = @class * 100 + number;
        return true;
    }

    internal static ErrorCodeAttribute? TryParse(ReadOnlySpan<byte> value) =>
        TryDecodeCode(value, out int code) ? new ErrorCodeAttribute(code, Encoding.UTF8.GetString(value[4..])) : null;
}
