namespace Jingle.Net.Stun.Attributes;

/// <summary>REALM (RFC 8489 §14.9).</summary>
public sealed record RealmAttribute(string Value) : TextAttribute(Value)
{
    /// <inheritdoc />
    public override StunAttributeType Type => StunAttributeType.Realm;
}
