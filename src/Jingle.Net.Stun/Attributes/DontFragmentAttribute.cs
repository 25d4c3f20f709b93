namespace Jingle.Net.Stun.Attributes;

/// <summary>DONT-FRAGMENT (RFC 8656 §18.8): an attribute with no value.</summary>
public sealed record DontFragmentAttribute : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.DontFragment;

    /// <inheritdoc />
    public override int GetValueLength() => 0;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
    }

    internal static DontFragmentAttribute? TryParse(ReadOnlySpan<byte> value) => value.IsEmpty ? new() : null;
}
