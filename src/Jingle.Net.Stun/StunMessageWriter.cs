using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Jingle.Net.Stun;

/// <summary>
/// Zero-allocation STUN message builder over the caller's <see cref="Span{T}"/>: the header is written at
/// construction, each <c>Add…</c> appends an attribute (padded to 4 bytes with zeros) and keeps the length field
/// current; <see cref="AddMessageIntegrity(StunIntegrityKey)"/>, <see cref="AddMessageIntegritySha256(StunIntegrityKey)"/>
/// and <see cref="AddFingerprint"/> come last, in that order. Running out of space throws
/// <see cref="ArgumentException"/> (size the buffer with <see cref="StunConstants.MaxMessageLength"/> or the known
/// attribute sizes).
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts a message of <paramref name="type"/> with <paramref name="transactionId"/> in <paramref name="buffer"/>.</summary>
    public StunMessageWriter(Span<byte> buffer, StunMessageType type, StunTransactionId transactionId)
    {
        if (buffer.Length < StunConstants.HeaderLength)
        {
            throw new ArgumentException("The buffer cannot hold a STUN header.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type.ToUInt16());
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        transactionId.WriteHeaderBytes(buffer[4..]);
        _length = StunConstants.HeaderLength;
    }

    /// <summary>Bytes written so far (the message length including the header).</summary>
    public readonly int Length => _length;

    /// <summary>The message so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Reserves an attribute with a <paramref name="valueLength"/>-byte value and returns the value span.</summary>
    public Span<byte> AddAttribute(StunAttributeType type, int valueLength)
    {
        if (valueLength is < 0 or > 0xFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(valueLength));
        }

        int padded = (valueLength + 3) & ~3;
        int end = _length + 4 + padded;
        if (end > _buffer.Length || end - StunConstants.HeaderLength > 0xFFFF)
        {
            throw new ArgumentException($"The buffer ({_buffer.Length} B) cannot hold attribute {type} ({valueLength} B).");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Clear();
        Span<byte> value = _buffer.Slice(_length + 4, valueLength);
        _length = end;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunConstants.HeaderLength));
        return value;
    }

    /// <summary>Adds an attribute with the given value bytes.</summary>
    public void AddBytes(StunAttributeType type, scoped ReadOnlySpan<byte> value) => value.CopyTo(AddAttribute(type, value.Length));

    /// <summary>Adds an empty attribute (USE-CANDIDATE, DONT-FRAGMENT).</summary>
    public void AddFlag(StunAttributeType type) => AddAttribute(type, 0);

    /// <summary>Adds a 32-bit attribute (PRIORITY, LIFETIME...).</summary>
    public void AddUInt32(StunAttributeType type, uint value) => BinaryPrimitives.WriteUInt32BigEndian(AddAttribute(type, 4), value);

    /// <summary>Adds a 64-bit attribute (ICE-CONTROLLING, ICE-CONTROLLED, RESERVATION-TOKEN).</summary>
    public void AddUInt64(StunAttributeType type, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(AddAttribute(type, 8), value);

    /// <summary>Adds a UTF-8 text attribute without allocating.</summary>
    public void AddString(StunAttributeType type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Encoding.UTF8.GetBytes(value, AddAttribute(type, Encoding.UTF8.GetByteCount(value)));
    }

    /// <summary>Adds USERNAME.</summary>
    public void AddUsername(string username) => AddString(StunAttributeType.Username, username);

    /// <summary>Adds PRIORITY (RFC 8445 §16.1).</summary>
    public void AddPriority(uint priority) => AddUInt32(StunAttributeType.Priority, priority);

    /// <summary>Adds ICE-CONTROLLING with the tie-breaker (RFC 8445 §16.1).</summary>
    public void AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    /// <summary>Adds ICE-CONTROLLED with the tie-breaker (RFC 8445 §16.1).</summary>
    public void AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>Adds USE-CANDIDATE (RFC 8445 §16.1).</summary>
    public void AddUseCandidate() => AddFlag(StunAttributeType.UseCandidate);

    /// <summary>Adds an XOR address attribute (XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS).</summary>
    public void AddXorAddress(StunAttributeType type, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        IPAddress address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        Span<byte> value = AddAttribute(type, StunAddressCodec.GetLength(address.AddressFamily));
        StunAddressCodec.Write(value, address, endPoint.Port, _buffer[..StunConstants.HeaderLength]);
    }

    /// <summary>Adds a plain address attribute (MAPPED-ADDRESS, ALTERNATE-SERVER, OTHER-ADDRESS, RESPONSE-ORIGIN).</summary>
    public void AddAddress(StunAttributeType type, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        IPAddress address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        Span<byte> value = AddAttribute(type, StunAddressCodec.GetLength(address.AddressFamily));
        StunAddressCodec.Write(value, address, endPoint.Port, default);
    }

    /// <summary>Adds ERROR-CODE (RFC 8489 §14.8) with <paramref name="reason"/> or the RFC's phrase.</summary>
    public void AddErrorCode(int code, string? reason = null)
    {
        reason ??= StunErrorCodes.GetReasonPhrase(code);
        Span<byte> value = AddAttribute(StunAttributeType.ErrorCode, 4 + Encoding.UTF8.GetByteCount(reason));
        Attributes.ErrorCodeAttribute.EncodeCode(value, code);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>Adds UNKNOWN-ATTRIBUTES (RFC 8489 §14.9).</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        Span<byte> value = AddAttribute(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (int i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 2)..], types[i]);
        }
    }

    /// <summary>Adds MESSAGE-INTEGRITY (HMAC-SHA1 with a reusable key; RFC 8489 §14.5).</summary>
    public void AddMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int offset = _length;
        Span<byte> value = AddAttribute(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength);
        StunIntegrity.Compute(key, sha256: false, _buffer, offset, StunConstants.MessageIntegrityLength, value);
    }

    /// <summary>Adds MESSAGE-INTEGRITY with raw key bytes.</summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        int offset = _length;
        Span<byte> value = AddAttribute(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength);
        StunIntegrity.Compute(key, sha256: false, _buffer, offset, StunConstants.MessageIntegrityLength, value);
    }

    /// <summary>Adds MESSAGE-INTEGRITY-SHA256 (full 32 bytes; RFC 8489 §14.6).</summary>
    public void AddMessageIntegritySha256(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int offset = _length;
        Span<byte> value = AddAttribute(StunAttributeType.MessageIntegritySha256, StunConstants.MessageIntegritySha256Length);
        StunIntegrity.Compute(key, sha256: true, _buffer, offset, StunConstants.MessageIntegritySha256Length, value);
    }

    /// <summary>Adds FINGERPRINT (RFC 8489 §14.7); it must be the last attribute.</summary>
    public void AddFingerprint()
    {
        int offset = _length;
        Span<byte> value = AddAttribute(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunIntegrity.ComputeFingerprint(_buffer[..offset]));
    }
}
