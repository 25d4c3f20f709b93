namespace Jingle.Net.Stun.Attributes;

/// <summary>
/// One attribute of the allocating object model (<see cref="StunMessage"/>). Records, so two attributes with the
/// same type and value are equal. The zero-allocation path is <see cref="StunMessageReader"/>/<see cref="StunMessageWriter"/>.
/// </summary>
public abstract record StunAttribute
{
    /// <summary>The attribute type.</summary>
    public abstract StunAttributeType Type { get; }

    /// <summary>Length of the value in bytes (without padding).</summary>
    public abstract int GetValueLength();

    /// <summary>
    /// Writes the value into <paramref name="destination"/> (exactly <see cref="GetValueLength"/> bytes).
    /// <paramref name="header"/> is the message header, which XOR addresses are keyed with.
    /// </summary>
    public abstract void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header);
}
