using System.Net;
using Jingle.Net.Stun;
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
/// The fields of a STUN Binding message that ICE reads (RFC 8445 §7.2.2, §7.3), gathered in one pass over the STUN
/// codec's zero-allocation <see cref="StunMessageReader"/>. Spans point into the caller's datagram and are valid only
/// while it is.
/// </summary>
internal ref struct IceStunMessage
{
    public ushort Type;
    public ReadOnlySpan<byte> TransactionId;
    public ReadOnlySpan<byte> Username;
    public bool HasUsername;

    /// <summary>Offset of MESSAGE-INTEGRITY, or -1 when absent.</summary>
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
    private StunMessageReader _reader;

    public readonly bool IsRequest => Type == BindingRequest;

    public readonly bool IsIndication => Type == BindingIndication;

    public readonly bool IsResponse => Type is BindingSuccessResponse or BindingErrorResponse;

    /// <summary>Parses <paramref name="packet"/>; never throws. FINGERPRINT, when present, must be right.</summary>
    public static IceStunParseResult TryParse(ReadOnlySpan<byte> packet, out IceStunMessage message)
    {
        message = default;
        message.IntegrityOffset = -1;
        if (!StunMessageReader.TryParse(packet, out StunMessageReader reader, out StunParseError error))
        {
            return error switch
            {
                StunParseError.NotStun => IceStunParseResult.NotStun,
                StunParseError.Truncated => IceStunParseResult.Truncated,
                _ => IceStunParseResult.BadAttribute,
            };
        }

        if (!reader.HasMagicCookie)
        {
            return IceStunParseResult.NotStun; // RFC 3489 messages are not ICE checks
        }

        if (reader.HasFingerprint && !reader.ValidateFingerprint())
        {
            return IceStunParseResult.BadFingerprint;
        }

        message._reader = reader;
        message.Type = reader.Type.ToUInt16();
        message.TransactionId = packet.Slice(8, 12);
        message.HasFingerprint = reader.HasFingerprint;
        message.IntegrityOffset = reader.HasMessageIntegrity ? 0 : -1;
        foreach (StunRawAttribute attribute in reader.GetAttributes())
        {
            ReadOnlySpan<byte> value = attribute.Value;
            switch ((ushort)attribute.Type)
            {
                case IceStunConstants.Username:
                    message.Username = value;
                    message.HasUsername = true;
                    break;
                case IceStunConstants.Priority:
                    if (value.Length != 4)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.HasPriority = true;
                    message.Priority = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case IceStunConstants.UseCandidate:
                    message.UseCandidate = true;
                    break;
                case IceStunConstants.IceControlling:
                    if (value.Length != 8)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.HasControlling = true;
                    message.ControllingTieBreaker = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case IceStunConstants.IceControlled:
                    if (value.Length != 8)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.HasControlled = true;
                    message.ControlledTieBreaker = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case IceStunConstants.Nomination:
                    if (value.Length != 4)
                    {
                        return IceStunParseResult.BadAttribute;
                    }

                    message.HasNomination = true;
                    message.Nomination = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
            }
        }

        if (message.Type == BindingErrorResponse)
        {
            if (!reader.TryGetErrorCode(out int code, out _))
            {
                return IceStunParseResult.BadAttribute;
            }

            message.ErrorCode = code;
        }

        return IceStunParseResult.Ok;
    }

    /// <summary>The (XOR-)MAPPED-ADDRESS as an endpoint, or null. Allocates (once per successful check).</summary>
    public readonly IPEndPoint? GetMappedAddress() => _reader.TryGetMappedAddress(out IPEndPoint? endPoint) ? endPoint : null;

    /// <summary>Checks MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) in constant time; false when absent.</summary>
    public readonly bool VerifyIntegrity(ReadOnlySpan<byte> key) => IntegrityOffset >= 0 && _reader.ValidateMessageIntegrity(key);
}
