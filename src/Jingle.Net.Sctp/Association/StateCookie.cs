using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Jingle.Net.Sctp.Association;

/// <summary>
/// The State Cookie (RFC 9260 §5.1.3): what the responder needs to build the association from a COOKIE ECHO without
/// keeping state after INIT ACK, timestamped and signed with HMAC-SHA256 under a per-association secret.
/// </summary>
internal readonly record struct StateCookie(
    long CreatedMs,
    uint LocalTag,
    uint PeerTag,
    uint LocalInitialTsn,
    uint PeerInitialTsn,
    uint PeerReceiverWindow,
    ushort PeerOutboundStreams,
    ushort PeerInboundStreams,
    byte Capabilities,
    uint LocalTieTag,
    uint PeerTieTag)
{
    public const byte CapabilityPartialReliability = 1;
    public const byte CapabilityReconfig = 2;
    public const byte CapabilityZeroChecksum = 4;
    public const byte CapabilityInterleaving = 8;

    private const byte Magic = 0x4A; // 'J'
    private const int BodyLength = 1 + 8 + (4 * 5) + (2 * 2) + 1 + 8;
    private const int MacLength = 32;
    public const int Length = BodyLength + MacLength;

    public byte[] Sign(ReadOnlySpan<byte> key)
    {
        byte[] cookie = new byte[Length];
        Span<byte> b = cookie;
        b[0] = Magic;
        BinaryPrimitives.WriteInt64BigEndian(b[1..], CreatedMs);
        BinaryPrimitives.WriteUInt32BigEndian(b[9..], LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(b[13..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(b[17..], LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(b[21..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(b[25..], PeerReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(b[29..], PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(b[31..], PeerInboundStreams);
        b[33] = Capabilities;
        BinaryPrimitives.WriteUInt32BigEndian(b[34..], LocalTieTag);
        BinaryPrimitives.WriteUInt32BigEndian(b[38..], PeerTieTag);
        HMACSHA256.HashData(key, b[..BodyLength], b[BodyLength..]);
        return cookie;
    }

    /// <summary>Checks the signature in constant time and decodes the cookie.</summary>
    public static bool TryVerify(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> key, out StateCookie state)
    {
        state = default;
        if (cookie.Length != Length || cookie[0] != Magic)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, cookie[..BodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, cookie[BodyLength..]))
        {
            return false;
        }

        state = new StateCookie(
            BinaryPrimitives.ReadInt64BigEndian(cookie[1..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[9..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[13..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[17..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[21..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[25..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[29..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[31..]),
            cookie[33],
            BinaryPrimitives.ReadUInt32BigEndian(cookie[34..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[38..]));
        return true;
    }
}
