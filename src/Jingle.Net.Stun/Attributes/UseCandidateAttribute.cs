namespace Jingle.Net.Stun.Attributes;

/// <summary>USE-CANDIDATE (RFC 8445 §16.1): an attribute with no value.</summary>
public sealed record UseCandidateAttribute : StunAttribute
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.UseCandidate;

    /// <inheritdoc />
    public override int GetValueLength() => 0;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header)
    {
    }

    internal static UseCandidateAttribute? TryParse(ReadOnlySpan<byte> value) => value.IsEmpty ? new() : null;
}
