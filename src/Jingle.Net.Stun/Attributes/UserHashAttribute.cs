namespace Jingle.Net.Stun.Attributes;

/// <summary>USERHASH (RFC 8489 §14.4): SHA-256 of username and realm.</summary>
public sealed record UserHashAttribute(byte[] Value) : BytesAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.UserHash;

    internal static UserHashAttribute? TryParse(ReadOnlySpan<byte> value) => value.Length == 32 ? new(value.ToArray()) : null;
}
