namespace Jingle.Net.Stun;

/// <summary>One attribute as it is in a message: its type and value (without padding). Valid while the buffer is.</summary>
public readonly ref struct StunRawAttribute
{
    internal StunRawAttribute(StunAttributeType type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    /// <summary>The attribute type.</summary>
    public StunAttributeType Type { get; }

    /// <summary>The value bytes (padding excluded).</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute header in the message.</summary>
    public int Offset { get; }

    /// <summary>True when an agent must understand this attribute (type below 0x8000).</summary>
    public bool IsComprehensionRequired => (ushort)Type < 0x8000;
}
