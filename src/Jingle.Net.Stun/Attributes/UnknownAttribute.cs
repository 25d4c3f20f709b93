namespace Jingle.Net.Stun.Attributes;

/// <summary>An attribute type this library does not interpret, kept as raw bytes.</summary>
public sealed record UnknownAttribute(StunAttributeType AttributeType, byte[] Value) : BytesAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => AttributeType;

    /// <inheritdoc />
    public bool Equals(UnknownAttribute? other) => base.Equals(other) && AttributeType == other.AttributeType;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), AttributeType);
}
