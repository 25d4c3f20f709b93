using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using static Jingle.Net.Ice.Stun.IceStunConstants;

namespace Jingle.Net.Ice.Stun;

/// <summary>Why a datagram was not accepted as a STUN message.</summary>
internal enum IceStunParseResult
{
    Ok,
    NotStun,
    Truncated,
    BadAttribute,
    BadFingerprint,
}

/// <summary>
/// The fields of a STUN Binding message that ICE reads (RFC 8445 §7.2.2, §7.3), parsed in place without copying or
/// allocating. Spans point into the caller's datagram and are valid only while it is.
/// </summary>
internal ref struct IceStunMessage
{
    public ushort Type;
    public ReadOnlySpan<byte> TransactionId;
    public ReadOnlySpan<byte> Username;
    public bool HasUsername;

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header, or -1.</summary>
    public int IntegrityOffset;
    public bool HasFingerprint;
    public bool HasPriority;
    public uint Priority;
    public bool UseCandidate;
    public bool HasControlling;
    public ulong ControllingTieBreaker;
    public bool HasControlled;
    public ulong ControlledTieBreaker;
    public int ErrorCode;
    public bool HasNomination;
    public uint Nomination;
    private ReadOnlySpan<byte> _mapped;
    private bool _mappedIsXor;
    private ReadOnlySpan<byte> _message;

    public readonly bool IsRequest => Type == BindingRequest;

    public readonly bool IsIndication => Type == BindingIndication;

    public readonly bool IsResponse => Type is BindingSuccessResponse or BindingErrorResponse;

    public readonly bool HasMappedAddress => !_mapped.IsEmpty;

    /// <summary>True when the first two bits and the magic cookie say STUN (RFC 8489 §6; cheap pre-check).</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> packet) =>
        packet.Length >= HeaderLength && (packet[0] & 0xC0) == 0 && BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) == MagicCookie
        && (BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) & 3) == 0;

    /// <summary>Parses <paramref name="packet"/>; never throws.</summary>
    public static IceStunParseResult TryParse(ReadOnlySpan<byte> packet, out IceStunMessage message)
    {
        message = default;
        message.IntegrityOffset = -1;
        if (!LooksLikeStun(packet))
        {
            return IceStunParseResult.NotStun;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (HeaderLength + length > packet.Length)
        {
            return IceStunParseResult.Truncated;
        }

        packet = packet[..(HeaderLength + length)];
        message._message = packet;
        message.Type = BinaryPrimitives.ReadUInt16BigEndian(packet);
        message.TransactionId = packet.Slice(8, 12);
        int offset = HeaderLength;
        while (offset < packet.Length)
        {
            if (offset + 4 > packet.Length)
            {
                return IceStunParseResult.BadAttribute;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            int valueStart = offset + 4;
            if (valueStart + valueLength > packet.Length)
            {
                return IceStunParseResult.BadAttribute;
            }

            ReadOnlySpan<byte> value = packet.Slice(valueStart, valueLength);
            if (message.HasFingerprint)
            {
                return IceStunParseResult.BadAttribute; // nothing may follow FINGERPRINT
            }

            if (message.IntegrityOffset >= 0 && type != IceStunConstants.Fingerprint)
            {
                offset = valueStart + ((valueLength + 3) & ~3);
                continue; // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY are ignored
            }

            switch (type)
            {
                case IceStunConstants.Username:
                    message.Username = value;
                    message.HasUsername = true;
                    break;
                case IceStunConstants.MessageIntegrity:
                    if (valueLength != 20)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.IntegrityOffset = offset;
                    break;
                case IceStunConstants.Fingerprint:
                    if (valueLength != 4)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    uint expected = System.IO.Hashing.Crc32.HashToUInt32(packet[..offset]) ^ FingerprintXor;
                    if (BinaryPrimitives.ReadUInt32BigEndian(value) != expected)
                    {
                        return IceStunParseResult.BadFingerprint;
                    }

                    message.HasFingerprint = true;
                    break;
                case IceStunConstants.Priority:
                    if (valueLength != 4)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.HasPriority = true;
                    message.Priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case IceStunConstants.UseCandidate:
                    message.UseCandidate = true;
                    break;
                case IceStunConstants.IceControlling:
                    if (valueLength != 8)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.HasControlling = true;
                    message.ControllingTieBreaker = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case IceStunConstants.IceControlled:
                    if (valueLength != 8)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.HasControlled = true;
                    message.ControlledTieBreaker = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case IceStunConstants.Nomination:
                    if (valueLength != 4)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.HasNomination = true;
                    message.Nomination = BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case IceStunConstants.ErrorCode:
                    if (valueLength < 4)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.ErrorCode = ((value[2] & 0x7) * 100) + value[3];
                    break;
                case IceStunConstants.XorMappedAddress:
                case IceStunConstants.MappedAddress:
                    if (valueLength is not (8 or 20) || value[1] is not (1 or 2) || (value[1] == 1) != (valueLength == 8))
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    if (message._mapped.IsEmpty || type == IceStunConstants.XorMappedAddress)
                    {
                        message._mapped = value;
                        message._mappedIsXor = type == IceStunConstants.XorMappedAddress;
                    }

                    break;
                default:
                    break; // comprehension-optional or unknown: ignored by ICE
            }

            offset = valueStart + ((valueLength + 3) & ~3);
        }

        return IceStunParseResult.Ok;
    }

    /// <summary>The (XOR-)MAPPED-ADDRESS as an endpoint, or null. Allocates (called once per successful check).</summary>
    public readonly IPEndPoint? GetMappedAddress()
    {
        if (_mapped.IsEmpty)
        {
            return null;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(_mapped[2..]);
        Span<byte> address = stackalloc byte[_mapped.Length - 4];
        _mapped[4..].CopyTo(address);
        if (_mappedIsXor)
        {
            port ^= (int)(MagicCookie >> 16);
            Span<byte> pad = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(pad, MagicCookie);
            TransactionId.CopyTo(pad[4..]);
            for (int i = 0; i < address.Length; i++)
            {
                address[i] ^= pad[i];
            }
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    /// <summary>Checks MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) in constant time; false when absent.</summary>
    public readonly bool VerifyIntegrity(ReadOnlySpan<byte> key)
    {
        if (IntegrityOffset < 0)
        {
            return false;
        }

        Span<byte> computed = stackalloc byte[20];
        IceStunWriter.ComputeIntegrity(_message, IntegrityOffset, key, computed);
        return CryptographicOperations.FixedTimeEquals(computed, _message.Slice(IntegrityOffset + 4, 20));
    }
}
