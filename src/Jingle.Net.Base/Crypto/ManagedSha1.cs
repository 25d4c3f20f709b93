using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// SHA-1 (FIPS 180-4) in managed code on a caller-held five-word state: the fallback of <see cref="HmacSha1"/>
/// where libcrypto's SHA-1 does not load. Stateless and allocation-free.
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Stun and Jingle.Net.Rtp.
/// </summary>
[SkipLocalsInit]
internal static class ManagedSha1
{
    public const int BlockSize = 64;

    public static void Initialize(Span<uint> state)
    {
        state[0] = 0x67452301;
        state[1] = 0xEFCDAB89;
        state[2] = 0x98BADCFE;
        state[3] = 0x10325476;
        state[4] = 0xC3D2E1F0;
    }

    // Hashes first || second after `prefix` bytes already compressed into state, pads, and writes the digest.
    public static void HashRest(Span<uint> state, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, long prefix, Span<byte> digest)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        int filled = 0;
        long total = prefix + first.Length + second.Length;
        Feed(state, block, ref filled, first);
        Feed(state, block, ref filled, second);
        block[filled++] = 0x80;
        if (filled > BlockSize - 8)
        {
            block[filled..].Clear();
            Compress(state, block);
            filled = 0;
        }

        block[filled..(BlockSize - 8)].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(block[(BlockSize - 8)..], (ulong)total * 8);
        Compress(state, block);
        for (int i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], state[i]);
        }
    }

    private static void Feed(Span<uint> state, Span<byte> block, ref int filled, ReadOnlySpan<byte> data)
    {
        if (filled > 0)
        {
            int take = Math.Min(BlockSize - filled, data.Length);
            data[..take].CopyTo(block[filled..]);
            filled += take;
            data = data[take..];
            if (filled < BlockSize)
            {
                return;
            }

            Compress(state, block);
            filled = 0;
        }

        while (data.Length >= BlockSize)
        {
            Compress(state, data[..BlockSize]);
            data = data[BlockSize..];
        }

        data.CopyTo(block);
        filled = data.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        // Pointers instead of spans: no bounds checks in the 80 rounds.
        uint* w = stackalloc uint[80];
        fixed (byte* input = block)
        {
            for (int i = 0; i < 16; i++)
            {
                uint word = Unsafe.ReadUnaligned<uint>(input + (i * 4));
                w[i] = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(word) : word;
            }
        }

        for (int i = 16; i < 80; i++)
        {
            w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (int i = 0; i < 20; i++)
        {
            uint t = BitOperations.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5A827999 + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = t;
        }

        for (int i = 20; i < 40; i++)
        {
            uint t = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = t;
        }

        for (int i = 40; i < 60; i++)
        {
            uint t = BitOperations.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8F1BBCDC + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = t;
        }

        for (int i = 60; i < 80; i++)
        {
            uint t = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = t;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}
