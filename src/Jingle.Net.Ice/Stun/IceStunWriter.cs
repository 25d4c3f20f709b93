using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using static Jingle.Net.Ice.Stun.IceStunConstants;

namespace Jingle.Net.Ice.Stun;

/// <summary>
/// Writes a STUN Binding message into a caller's buffer, attribute by attribute, without allocating (RFC 8489 §5,
/// §14). The buffer must be large enough (548 bytes always is for ICE checks); an Add past the end throws InvalidOperationException (a programming error, never input-driven).
/// </summary>
internal ref struct IceStunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public IceStunWriter(Span<byte> buffer, ushort type, ReadOnlySpan<byte> transactionId)
    {
        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], MagicCookie);
        transactionId.CopyTo(buffer.Slice(8, 12));
        _length = HeaderLength;
        SetLength();
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> v = Reserve(type, 4);
        BinaryPrimitives.WriteUInt32BigEndian(v, value);
    }

    public void AddUInt64(ushort type, ulong value)
    {
        Span<byte> v = Reserve(type, 8);
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
    }

    public void AddFlag(ushort type) => Reserve(type, 0);

    public void AddUsername(string localUfragThenRemote)
    {
        int byteCount = Encoding.UTF8.GetByteCount(localUfragThenRemote);
        Span<byte> v = Reserve(Username, byteCount);
        Encoding.UTF8.GetBytes(localUfragThenRemote, v);
    }

    public void AddUsername(ReadOnlySpan<byte> username) => username.CopyTo(Reserve(Username, username.Length));

    public void AddErrorCode(int code, string reason)
    {
        int byteCount = Encoding.UTF8.GetByteCount(reason);
        Span<byte> v = Reserve(ErrorCode, 4 + byteCount);
        v[0] = 0;
        v[1] = 0;
        v[2] = (byte)(code / 100);
        v[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, v[4..]);
    }

    public void AddAddress(ushort type, IPEndPoint endPoint)
    {
        bool v4 = endPoint.AddressFamily == AddressFamily.InterNetwork;
        Span<byte> v = Reserve(type, v4 ? 8 : 20);
        v[0] = 0;
        v[1] = v4 ? (byte)1 : (byte)2;
        int port = endPoint.Port;
        Span<byte> address = v[4..];
        endPoint.Address.TryWriteBytes(address, out _);
        if (type == XorMappedAddress)
        {
            port ^= (int)(MagicCookie >> 16);
            Span<byte> pad = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(pad, MagicCookie);
            _buffer.Slice(8, 12).CopyTo(pad[4..]);
            for (int i = 0; i < address.Length; i++)
            {
                address[i] ^= pad[i];
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(v[2..], (ushort)port);
    }

    /// <summary>Appends MESSAGE-INTEGRITY keyed with <paramref name="key"/> (the short-term password bytes).</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int offset = _length;
        Span<byte> v = Reserve(MessageIntegrity, 20);
        ComputeIntegrity(_buffer[.._length], offset, key, v);
    }

    public void AddFingerprint()
    {
        int offset = _length;
        Span<byte> v = Reserve(Fingerprint, 4);
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(_buffer[..offset]) ^ FingerprintXor;
        BinaryPrimitives.WriteUInt32BigEndian(v, crc);
    }

    /// <summary>HMAC-SHA1 over the message up to <paramref name="integrityOffset"/> with the length covering MESSAGE-INTEGRITY.</summary>
    internal static void ComputeIntegrity(ReadOnlySpan<byte> message, int integrityOffset, ReadOnlySpan<byte> key, Span<byte> hmac)
    {
        byte[]? rented = null;
        Span<byte> copy = integrityOffset <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(integrityOffset));
        try
        {
            copy = copy[..integrityOffset];
            message[..integrityOffset].CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)(integrityOffset + 24 - HeaderLength));
            HMACSHA1.HashData(key, copy, hmac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private Span<byte> Reserve(ushort type, int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        if (_length + 4 + padded > _buffer.Length)
        {
            throw new InvalidOperationException("STUN buffer too small");
        }

        Span<byte> header = _buffer.Slice(_length, 4);
        BinaryPrimitives.WriteUInt16BigEndian(header, type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)valueLength);
        Span<byte> value = _buffer.Slice(_length + 4, valueLength);
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Clear();
        _length += 4 + padded;
        SetLength();
        return value;
    }

    private readonly void SetLength() => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - HeaderLength));
}
