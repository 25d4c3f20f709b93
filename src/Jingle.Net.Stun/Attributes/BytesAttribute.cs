namespace Jingle.Net.Stun.Attributes;

/// <summary>An attribute holding opaque bytes; equality compares the bytes.</summary>
public abstract record BytesAttribute(byte[] Value) : StunAttribute
{
    /// <inheritdoc />
    public override int GetValueLength() => Value.Length;

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => Value.CopyTo(destination);

    /// <inheritdoc />
    public virtual bool Equals(BytesAttribute? other) =>
        other is not null && EqualityContract == other.EqualityContract && Value.AsSpan().SequenceEqual(other.Value);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(EqualityContract);
        hash.AddBytes(Value);
        return hash.ToHashCode();
    }
}
