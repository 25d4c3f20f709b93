using System.Buffers.Binary;
using System.Globalization;
using Jingle.Net.Base;

namespace Jingle.Net.Stun;

/// <summary>
/// The 128 bits after the length field of a STUN header: the magic cookie and a 96-bit transaction id (RFC 8489),
/// or a 128-bit transaction id in the RFC 3489 form (no cookie). Equality covers all 128 bits, so a response
/// matches its request whichever form it uses.
/// </summary>
public readonly struct StunTransactionId : IEquatable<StunTransactionId>
{
    private readonly ulong _high; // header bytes 4..11
    private readonly ulong _low;  // header bytes 12..19

    private StunTransactionId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>True when the first 32 bits are the magic cookie (an RFC 5389/8489 message).</summary>
    public bool HasMagicCookie => (uint)(_high >> 32) == StunConstants.MagicCookie;

    /// <summary>The 32 bits where RFC 8489 puts the magic cookie.</summary>
    public uint CookieField => (uint)(_high >> 32);

    /// <summary>A new random id with the magic cookie.</summary>
    public static StunTransactionId CreateRandom(RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[StunConstants.TransactionIdLength];
        random.NextBytes(bytes);
        return FromBytes(bytes);
    }

    /// <summary>A new random 128-bit id in the RFC 3489 form (never starting with the magic cookie).</summary>
    public static StunTransactionId CreateRandomRfc3489(RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[16];
        do
        {
            random.NextBytes(bytes);
        }
        while (BinaryPrimitives.ReadUInt32BigEndian(bytes) == StunConstants.MagicCookie);

        return FromHeaderBytes(bytes);
    }

    /// <summary>The id with the magic cookie and the given 12 bytes.</summary>
    public static StunTransactionId FromBytes(ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException("A transaction id has 12 bytes.", nameof(transactionId));
        }

        ulong high = ((ulong)StunConstants.MagicCookie << 32) | BinaryPrimitives.ReadUInt32BigEndian(transactionId);
        return new StunTransactionId(high, BinaryPrimitives.ReadUInt64BigEndian(transactionId[4..]));
    }

    /// <summary>Reads header bytes 4..19 (cookie field and transaction id) as they are on the wire.</summary>
    public static StunTransactionId FromHeaderBytes(ReadOnlySpan<byte> cookieAndId)
    {
        if (cookieAndId.Length < 16)
        {
            throw new ArgumentException("Need 16 bytes.", nameof(cookieAndId));
        }

        return new StunTransactionId(BinaryPrimitives.ReadUInt64BigEndian(cookieAndId), BinaryPrimitives.ReadUInt64BigEndian(cookieAndId[8..]));
    }

    /// <summary>Writes the 16 header bytes (cookie field and id).</summary>
    public void WriteHeaderBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The 12 bytes of an RFC 8489 transaction id (the last 96 bits).</summary>
    public void WriteTransactionId(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[4..], _low);
    }

    /// <inheritdoc />
    public bool Equals(StunTransactionId other) => _high == other._high && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StunTransactionId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    public static bool operator ==(StunTransactionId left, StunTransactionId right) => left.Equals(right);

    public static bool operator !=(StunTransactionId left, StunTransactionId right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => HasMagicCookie
        ? ((uint)_high).ToString("x8", CultureInfo.InvariantCulture) + _low.ToString("x16", CultureInfo.InvariantCulture)
        : _high.ToString("x16", CultureInfo.InvariantCulture) + _low.ToString("x16", CultureInfo.InvariantCulture);
}
