using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Jingle.Net.Stun;

/// <summary>
/// Zero-allocation view of one STUN message over a <see cref="ReadOnlySpan{T}"/> (the ICE hot path): header,
/// transaction id, attribute lookup, MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT validation. <see cref="TryParse"/>
/// checks the framing once (header, lengths, attribute bounds, FINGERPRINT last); attribute values are checked when
/// read. Valid as long as the buffer is.
/// </summary>
public readonly ref struct StunMessageReader
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly int _integrityOffset;
    private readonly int _integritySha256Offset;
    private readonly int _fingerprintOffset;

    private StunMessageReader(ReadOnlySpan<byte> message, int integrityOffset, int integritySha256Offset, int fingerprintOffset)
    {
        _message = message;
        _integrityOffset = integrityOffset;
        _integritySha256Offset = integritySha256Offset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Span => _message;

    /// <summary>The message type.</summary>
    public StunMessageType Type => StunMessageType.FromUInt16(BinaryPrimitives.ReadUInt16BigEndian(_message));

    /// <summary>The method.</summary>
    public StunMethod Method => Type.Method;

    /// <summary>The class.</summary>
    public StunClass Class => Type.Class;

    /// <summary>The cookie field and transaction id.</summary>
    public StunTransactionId TransactionId => StunTransactionId.FromHeaderBytes(_message[4..]);

    /// <summary>True for RFC 5389/8489 messages; false for the RFC 3489 form.</summary>
    public bool HasMagicCookie => BinaryPrimitives.ReadUInt32BigEndian(_message[4..]) == StunConstants.MagicCookie;

    /// <summary>True when the message carries MESSAGE-INTEGRITY.</summary>
    public bool HasMessageIntegrity => _integrityOffset > 0;

    /// <summary>True when the message carries MESSAGE-INTEGRITY-SHA256.</summary>
    public bool HasMessageIntegritySha256 => _integritySha256Offset > 0;

    /// <summary>True when the message ends with FINGERPRINT.</summary>
    public bool HasFingerprint => _fingerprintOffset > 0;

    /// <summary>The 20 header bytes (what XOR addresses are keyed with).</summary>
    public ReadOnlySpan<byte> Header => _message[..StunConstants.HeaderLength];

    /// <summary>
    /// Quick check for demultiplexing (RFC 7983): at least a header, top two bits zero, length a multiple of four.
    /// With <paramref name="requireCookie"/>, also the magic cookie.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> data, bool requireCookie = true) =>
        data.Length >= StunConstants.HeaderLength && (data[0] & 0xC0) == 0 && (data[3] & 3) == 0
        && (!requireCookie || BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == StunConstants.MagicCookie);

    /// <summary>
    /// For streams (TCP/TLS): the total length of the message that starts <paramref name="data"/>, once its header is
    /// there. False while fewer than 4 bytes are available.
    /// </summary>
    public static bool TryGetMessageLength(ReadOnlySpan<byte> data, out int totalLength)
    {
        totalLength = 0;
        if (data.Length < 4)
        {
            return false;
        }

        totalLength = StunConstants.HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        return true;
    }

    /// <summary>Parses the framing of <paramref name="data"/>, which must be exactly one message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessageReader reader, out StunParseError error)
    {
        reader = default;
        if (data.Length < StunConstants.HeaderLength)
        {
            error = StunParseError.Truncated;
            return false;
        }

        if ((data[0] & 0xC0) != 0)
        {
            error = StunParseError.NotStun;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0)
        {
            error = StunParseError.BadLength;
            return false;
        }

        int end = StunConstants.HeaderLength + length;
        if (data.Length < end)
        {
            error = StunParseError.Truncated;
            return false;
        }

        if (data.Length > end)
        {
            error = StunParseError.TrailingBytes;
            return false;
        }

        int integrity = 0, integrity256 = 0, fingerprint = 0;
        int offset = StunConstants.HeaderLength;
        while (offset < end)
        {
            if (fingerprint != 0)
            {
                error = StunParseError.FingerprintNotLast;
                return false;
            }

            if (offset + 4 > end)
            {
                error = StunParseError.AttributeTruncated;
                return false;
            }

            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            int attributeLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            int next = offset + 4 + ((attributeLength + 3) & ~3);
            if (next > end)
            {
                error = StunParseError.AttributeTruncated;
                return false;
            }

            switch (type)
            {
                case StunAttributeType.MessageIntegrity when integrity == 0 && integrity256 == 0:
                    if (attributeLength != StunConstants.MessageIntegrityLength)
                    {
                        error = StunParseError.BadAttributeValue;
                        return false;
                    }

                    integrity = offset;
                    break;
                case StunAttributeType.MessageIntegritySha256 when integrity256 == 0:
                    if (attributeLength is < 16 or > 32 || (attributeLength & 3) != 0)
                    {
                        error = StunParseError.BadAttributeValue;
                        return false;
                    }

                    integrity256 = offset;
                    break;
                case StunAttributeType.Fingerprint:
                    if (attributeLength != 4)
                    {
                        error = StunParseError.BadAttributeValue;
                        return false;
                    }

                    fingerprint = offset;
                    break;
            }

            offset = next;
        }

        reader = new StunMessageReader(data, integrity, integrity256, fingerprint);
        error = StunParseError.None;
        return true;
    }

    /// <summary>The attributes in order, without the ones RFC 8489 says to ignore after the integrity attributes.</summary>
    public StunAttributeEnumerator GetAttributes() => new(_message);

    /// <summary>Finds the first attribute of <paramref name="type"/>.</summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        foreach (StunRawAttribute attribute in GetAttributes())
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>True when the message has an attribute of <paramref name="type"/> (e.g. USE-CANDIDATE).</summary>
    public bool HasAttribute(StunAttributeType type) => TryGetAttribute(type, out _);

    /// <summary>Reads a 32-bit attribute (PRIORITY, LIFETIME, CHANGE-REQUEST...).</summary>
    public bool TryGetUInt32(StunAttributeType type, out uint value)
    {
        value = 0;
        if (!TryGetAttribute(type, out ReadOnlySpan<byte> bytes) || bytes.Length != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    /// <summary>Reads a 64-bit attribute (ICE-CONTROLLING, ICE-CONTROLLED, RESERVATION-TOKEN).</summary>
    public bool TryGetUInt64(StunAttributeType type, out ulong value)
    {
        value = 0;
        if (!TryGetAttribute(type, out ReadOnlySpan<byte> bytes) || bytes.Length != 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return true;
    }

    /// <summary>Reads a text attribute (USERNAME, REALM, NONCE, SOFTWARE) as a string (allocates).</summary>
    public bool TryGetString(StunAttributeType type, out string value)
    {
        value = string.Empty;
        if (!TryGetAttribute(type, out ReadOnlySpan<byte> bytes))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>True when the text attribute <paramref name="type"/> equals <paramref name="expectedUtf8"/> byte for byte.</summary>
    public bool AttributeEquals(StunAttributeType type, ReadOnlySpan<byte> expectedUtf8) =>
        TryGetAttribute(type, out ReadOnlySpan<byte> bytes) && bytes.SequenceEqual(expectedUtf8);

    /// <summary>Reads an XOR address attribute (XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS).</summary>
    public bool TryGetXorAddress(StunAttributeType type, out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(type, out ReadOnlySpan<byte> value) && StunAddressCodec.TryRead(value, Header, out endPoint);
    }

    /// <summary>Allocation-free form of <see cref="TryGetXorAddress(StunAttributeType, out IPEndPoint?)"/>.</summary>
    public bool TryGetXorAddress(StunAttributeType type, Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        return TryGetAttribute(type, out ReadOnlySpan<byte> value) && StunAddressCodec.TryRead(value, Header, address, out addressLength, out port);
    }

    /// <summary>Reads a plain address attribute (MAPPED-ADDRESS, ALTERNATE-SERVER, OTHER-ADDRESS, RESPONSE-ORIGIN).</summary>
    public bool TryGetAddress(StunAttributeType type, out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(type, out ReadOnlySpan<byte> value) && StunAddressCodec.TryRead(value, default, out endPoint);
    }

    /// <summary>The mapped address: XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS (RFC 3489 servers).</summary>
    public bool TryGetMappedAddress(out IPEndPoint? endPoint) =>
        TryGetXorAddress(StunAttributeType.XorMappedAddress, out endPoint) || TryGetAddress(StunAttributeType.MappedAddress, out endPoint);

    /// <summary>Reads ERROR-CODE (RFC 8489 §14.8): the code (300–699) and the UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        code = 0;
        reasonUtf8 = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value)
            || !Attributes.ErrorCodeAttribute.TryDecodeCode(value, out code))
        {
            return false;
        }

        reasonUtf8 = value[4..];
        return true;
    }

    /// <summary>Checks FINGERPRINT (RFC 8489 §14.7). False when it is absent or wrong.</summary>
    public bool ValidateFingerprint()
    {
        if (_fingerprintOffset == 0)
        {
            return false;
        }

        uint expected = StunIntegrity.ComputeFingerprint(_message[.._fingerprintOffset]);
        return BinaryPrimitives.ReadUInt32BigEndian(_message[(_fingerprintOffset + 4)..]) == expected;
    }

    /// <summary>Checks MESSAGE-INTEGRITY in constant time with a reusable key. False when absent or wrong.</summary>
    public bool ValidateMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_integrityOffset == 0)
        {
            return false;
        }

        Span<byte> hmac = stackalloc byte[StunConstants.MessageIntegrityLength];
        StunIntegrity.Compute(key, sha256: false, _message, _integrityOffset, StunConstants.MessageIntegrityLength, hmac);
        return CryptographicOperations.FixedTimeEquals(hmac, _message.Slice(_integrityOffset + 4, StunConstants.MessageIntegrityLength));
    }

    /// <summary>Checks MESSAGE-INTEGRITY with raw key bytes (one-shot HMAC).</summary>
    public bool ValidateMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset == 0)
        {
            return false;
        }

        Span<byte> hmac = stackalloc byte[StunConstants.MessageIntegrityLength];
        StunIntegrity.Compute(key, sha256: false, _message, _integrityOffset, StunConstants.MessageIntegrityLength, hmac);
        return CryptographicOperations.FixedTimeEquals(hmac, _message.Slice(_integrityOffset + 4, StunConstants.MessageIntegrityLength));
    }

    /// <summary>Checks MESSAGE-INTEGRITY-SHA256 (truncated values allowed, RFC 8489 §14.6) in constant time.</summary>
    public bool ValidateMessageIntegritySha256(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_integritySha256Offset == 0)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_integritySha256Offset + 2)..]);
        Span<byte> hmac = stackalloc byte[length];
        StunIntegrity.Compute(key, sha256: true, _message, _integritySha256Offset, length, hmac);
        return CryptographicOperations.FixedTimeEquals(hmac, _message.Slice(_integritySha256Offset + 4, length));
    }

    /// <summary>
    /// Validates whichever integrity the message carries (SHA-256 preferred, RFC 8489 §9.2.4); false when it has none.
    /// </summary>
    public bool ValidateAnyMessageIntegrity(StunIntegrityKey key) =>
        HasMessageIntegritySha256 ? ValidateMessageIntegritySha256(key) : ValidateMessageIntegrity(key);

    /// <summary>
    /// Collects comprehension-required attribute types (below 0x8000) that <paramref name="isKnown"/> rejects, for a
    /// 420 (Unknown Attribute) response. Returns how many were written to <paramref name="unknown"/>.
    /// </summary>
    public int GetUnknownComprehensionRequired(Span<ushort> unknown, Func<StunAttributeType, bool>? isKnown = null)
    {
        int count = 0;
        foreach (StunRawAttribute attribute in GetAttributes())
        {
            if (!attribute.IsComprehensionRequired || (isKnown ?? Attributes.StunAttributeParser.IsKnown)(attribute.Type))
            {
                continue;
            }

            ushort type = (ushort)attribute.Type;
            if (unknown[..count].Contains(type))
            {
                continue;
            }

            if (count < unknown.Length)
            {
                unknown[count++] = type;
            }
        }

        return count;
    }
}
