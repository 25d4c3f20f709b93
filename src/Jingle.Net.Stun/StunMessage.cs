using System.Diagnostics.CodeAnalysis;
using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Stun.Attributes;

namespace Jingle.Net.Stun;

/// <summary>
/// The allocating object model of a STUN message (for servers, clients off the hot path, and tests): a type, a
/// transaction id and a list of typed attributes. Parsing drops the attributes RFC 8489 says to ignore after the
/// integrity attributes; integrity is checked on the bytes with <see cref="StunMessageReader"/> before building
/// this. Writing appends MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT as <see cref="StunSecurity"/> asks.
/// </summary>
public sealed class StunMessage : IEquatable<StunMessage>
{
    /// <summary>A message with the given type, id and attributes.</summary>
    public StunMessage(StunMessageType type, StunTransactionId transactionId, IEnumerable<StunAttribute>? attributes = null)
    {
        Type = type;
        TransactionId = transactionId;
        Attributes = attributes is null ? [] : [.. attributes];
    }

    /// <summary>The message type.</summary>
    public StunMessageType Type { get; set; }

    /// <summary>The transaction id (with the cookie field).</summary>
    public StunTransactionId TransactionId { get; set; }

    /// <summary>The attributes, in wire order.</summary>
    public List<StunAttribute> Attributes { get; }

    /// <summary>A new request of <paramref name="method"/> with a random transaction id.</summary>
    public static StunMessage CreateRequest(StunMethod method, RandomSource random) =>
        new(new StunMessageType(method, StunClass.Request), StunTransactionId.CreateRandom(random));

    /// <summary>A success response to this request (same method and transaction id).</summary>
    public StunMessage CreateSuccessResponse(params StunAttribute[] attributes) =>
        new(Type.WithClass(StunClass.SuccessResponse), TransactionId, attributes);

    /// <summary>An error response to this request carrying ERROR-CODE.</summary>
    public StunMessage CreateErrorResponse(int code, string? reason = null) =>
        new(Type.WithClass(StunClass.ErrorResponse), TransactionId, [new ErrorCodeAttribute(code, reason ?? StunErrorCodes.GetReasonPhrase(code))]);

    /// <summary>A 420 (Unknown Attribute) response listing <paramref name="unknownTypes"/> (RFC 8489 §6.3.1.1).</summary>
    public StunMessage CreateUnknownAttributesResponse(IEnumerable<ushort> unknownTypes)
    {
        StunMessage response = CreateErrorResponse(StunErrorCodes.UnknownAttribute);
        response.Attributes.Add(new UnknownAttributesAttribute([.. unknownTypes]));
        return response;
    }

    /// <summary>The first attribute of type <typeparamref name="T"/>, or null.</summary>
    public T? GetAttribute<T>() where T : StunAttribute
    {
        foreach (StunAttribute attribute in Attributes)
        {
            if (attribute is T match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>The mapped address (XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS), or null.</summary>
    public IPEndPoint? GetMappedAddress() =>
        GetAttribute<XorMappedAddressAttribute>()?.EndPoint ?? GetAttribute<MappedAddressAttribute>()?.EndPoint;

    /// <summary>The ERROR-CODE code, or null.</summary>
    public int? ErrorCode => GetAttribute<ErrorCodeAttribute>()?.Code;

    /// <summary>Parses one message; returns false with the reason when it is not valid.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out StunMessage? message, out StunParseError error)
    {
        message = null;
        return StunMessageReader.TryParse(data, out StunMessageReader reader, out error) && TryCreate(reader, out message, out error);
    }

    /// <summary>Parses one message; throws <see cref="StunParseException"/> when it is not valid.</summary>
    public static StunMessage Parse(ReadOnlySpan<byte> data) =>
        TryParse(data, out StunMessage? message, out StunParseError error) ? message : throw new StunParseException(error);

    /// <summary>Builds the object model from a parsed reader (typed attribute values are checked here).</summary>
    public static bool TryCreate(StunMessageReader reader, [NotNullWhen(true)] out StunMessage? message, out StunParseError error)
    {
        message = new StunMessage(reader.Type, reader.TransactionId);
        ReadOnlySpan<byte> header = reader.Header;
        foreach (StunRawAttribute raw in reader.GetAttributes())
        {
            StunAttribute? attribute = StunAttributeParser.Parse(raw.Type, raw.Value, header);
            if (attribute is null)
            {
                message = null;
                error = StunParseError.BadAttributeValue;
                return false;
            }

            message.Attributes.Add(attribute);
        }

        error = StunParseError.None;
        return true;
    }

    /// <summary>Bytes <see cref="TryWrite"/> will write.</summary>
    public int GetSerializedLength(StunSecurity security = default)
    {
        int length = StunConstants.HeaderLength;
        foreach (StunAttribute attribute in Attributes)
        {
            if (!IsReplaced(attribute, security))
            {
                length += 4 + ((attribute.GetValueLength() + 3) & ~3);
            }
        }

        return length + security.ExtraLength;
    }

    /// <summary>
    /// Writes the message into <paramref name="destination"/>. Attributes in the list are written as they are,
    /// except MESSAGE-INTEGRITY(-SHA256)/FINGERPRINT entries that <paramref name="security"/> recomputes.
    /// </summary>
    public bool TryWrite(Span<byte> destination, out int written, StunSecurity security = default)
    {
        written = 0;
        if (destination.Length < GetSerializedLength(security))
        {
            return false;
        }

        var writer = new StunMessageWriter(destination, Type, TransactionId);
        ReadOnlySpan<byte> header = destination[..StunConstants.HeaderLength];
        foreach (StunAttribute attribute in Attributes)
        {
            if (!IsReplaced(attribute, security))
            {
                attribute.WriteValue(writer.AddAttribute(attribute.Type, attribute.GetValueLength()), header);
            }
        }

        if (security.AddsIntegrity)
        {
            writer.AddMessageIntegrity(security.Key!);
        }

        if (security.AddsIntegritySha256)
        {
            writer.AddMessageIntegritySha256(security.Key!);
        }

        if (security.Fingerprint)
        {
            writer.AddFingerprint();
        }

        written = writer.Length;
        return true;
    }

    /// <summary>Writes the message into a new array.</summary>
    public byte[] ToArray(StunSecurity security = default)
    {
        byte[] bytes = new byte[GetSerializedLength(security)];
        TryWrite(bytes, out _, security);
        return bytes;
    }

    private static bool IsReplaced(StunAttribute attribute, StunSecurity security) => attribute.Type switch
    {
        StunAttributeType.MessageIntegrity => security.Key is not null,
        StunAttributeType.MessageIntegritySha256 => security.Key is not null,
        StunAttributeType.Fingerprint => security.Fingerprint,
        _ => false,
    };

    /// <inheritdoc />
    public bool Equals(StunMessage? other) =>
        other is not null && Type == other.Type && TransactionId == other.TransactionId && Attributes.SequenceEqual(other.Attributes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StunMessage);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, TransactionId, Attributes.Count);

    /// <inheritdoc />
    public override string ToString() => $"{Type} {TransactionId} [{string.Join(", ", Attributes.Select(a => a.Type))}]";
}
