using System.Text;

namespace Jingle.Net.Stun.Attributes;

/// <summary>An attribute holding UTF-8 text (USERNAME, REALM, NONCE, SOFTWARE, ALTERNATE-DOMAIN).</summary>
public abstract record TextAttribute(string Value) : StunAttribute
{
    /// <inheritdoc />
    public override int GetValueLength() => Encoding.UTF8.GetByteCount(Value);

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => Encoding.UTF8.GetBytes(Value, destination);
}
