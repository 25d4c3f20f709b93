using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Jingle.Net.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5), MESSAGE-INTEGRITY-SHA256 (§14.6) and FINGERPRINT (§14.7)
/// computations over a message prefix whose length field is adjusted to end at the attribute being computed.
/// </summary>
internal static class StunIntegrity
{
    private const int StackLimit = 1024;

    /// <summary>CRC-32 of <paramref name="prefix"/> XOR "STUN" (the length field must already cover FINGERPRINT).</summary>
    public static uint ComputeFingerprint(ReadOnlySpan<byte> prefix) => Crc32.HashToUInt32(prefix) ^ StunConstants.FingerprintXor;

    /// <summary>
    /// HMAC over <paramref name="message"/>[..<paramref name="attributeOffset"/>] with the header's length set so
    /// that the message ends after an attribute of <paramref name="valueLength"/> bytes at that offset.
    /// </summary>
    public static void Compute(StunIntegrityKey key, bool sha256, ReadOnlySpan<byte> message, int attributeOffset, int valueLength, Span<byte> hmac)
    {
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        message[..StunConstants.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(attributeOffset + 4 + valueLength - StunConstants.HeaderLength));
        ReadOnlySpan<byte> body = message[StunConstants.HeaderLength..attributeOffset];
        if (sha256)
        {
            key.ComputeHmacSha256(header, body, hmac);
        }
        else
        {
            key.ComputeHmacSha1(header, body, hmac);
        }
    }

    /// <summary>As <see cref="Compute(StunIntegrityKey, bool, ReadOnlySpan{byte}, int, int, Span{byte})"/> with a raw key (one-shot HMAC).</summary>
    public static void Compute(ReadOnlySpan<byte> key, bool sha256, ReadOnlySpan<byte> message, int attributeOffset, int valueLength, Span<byte> hmac)
    {
        byte[]? rented = null;
        Span<byte> copy = attributeOffset <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(attributeOffset));
        try
        {
            copy = copy[..attributeOffset];
            message[..attributeOffset].CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)(attributeOffset + 4 + valueLength - StunConstants.HeaderLength));
            Span<byte> full = stackalloc byte[32];
            if (sha256)
            {
                HMACSHA256.HashData(key, copy, full);
            }
            else
            {
                HMACSHA1.HashData(key, copy, full);
            }

            full[..hmac.Length].CopyTo(hmac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
