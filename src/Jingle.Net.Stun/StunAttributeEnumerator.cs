using System.Buffers.Binary;

namespace Jingle.Net.Stun;

/// <summary>
/// Walks the attributes of a validated message in order, skipping those RFC 8489 §14.5/§14.6 say to ignore
/// (anything after MESSAGE-INTEGRITY but MESSAGE-INTEGRITY-SHA256 and FINGERPRINT; anything after
/// MESSAGE-INTEGRITY-SHA256 but FINGERPRINT).
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private byte _integrity; // 0 none, 1 after MI, 2 after MI-SHA256
    private StunRawAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunConstants.HeaderLength;
        _integrity = 0;
        _current = default;
    }

    /// <summary>The current attribute.</summary>
    public readonly StunRawAttribute Current => _current;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next attribute that is not ignored.</summary>
    public bool MoveNext()
    {
        while (_next + 4 <= _message.Length)
        {
            int offset = _next;
            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            _next = offset + 4 + ((length + 3) & ~3);
            bool keep = _integrity switch
            {
                0 => true,
                1 => type is StunAttributeType.MessageIntegritySha256 or StunAttributeType.Fingerprint,
                _ => type == StunAttributeType.Fingerprint,
            };
            if (!keep)
            {
                continue;
            }

            if (type == StunAttributeType.MessageIntegrity && _integrity == 0)
            {
                _integrity = 1;
            }
            else if (type == StunAttributeType.MessageIntegritySha256)
            {
                _integrity = 2;
            }

            _current = new StunRawAttribute(type, _message.Slice(offset + 4, length), offset);
            return true;
        }

        return false;
    }
}
