namespace Jingle.Net.Stun.Attributes;

/// <summary>USERNAME (RFC 8489 §14.3); for legacy Google ICE, the remote fragment followed by the local one.</summary>
public sealed record UsernameAttribute(string Value) : TextAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Username;
}
