using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SystemAes = System.Security.Cryptography.Aes;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// AES in counter mode (the keystream of RFC 3711 §4.1.1 AES-CM and of GCM's GCTR). The counter is the last 32 bits
/// of the 16-byte block, big-endian, incremented per block; SRTP's AES-CM only ever uses its low 16 bits.
/// With AES-NI the round keys are expanded once and eight counter blocks are encrypted interleaved
/// (<see cref="AesNi"/>); without it a reused .NET <see cref="SystemAes"/> encrypts batches of counter blocks in ECB.
/// Not thread-safe on the fallback path: one instance belongs to one SRTP context on one thread.
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Ice and Jingle.Net.Rtp (STYLE.md).
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int FallbackBatchBlocks = 32;

    private readonly Vector128<byte>[]? _roundKeys;
    private readonly int _rounds;
    private readonly SystemAes? _fallback;
    private readonly byte[]? _fallbackBuffer;

    public AesCounterMode(ReadOnlySpan<byte> key)
        : this(key, forcePortable: false)
    {
    }

    internal AesCounterMode(ReadOnlySpan<byte> key, bool forcePortable)
    {
        if (!forcePortable && AesNi.IsSupported)
        {
            _roundKeys = AesNi.ExpandKey(key, out _rounds);
        }
        else
        {
            _rounds = AesKeySchedule.RoundsFor(key.Length);
            _fallback = SystemAes.Create();
            _fallback.Key = key.ToArray();
            _fallbackBuffer = new byte[FallbackBatchBlocks * 16 * 2];
        }
    }

    /// <summary>True when the AES-NI path is used.</summary>
    public bool UsesAesNi => _roundKeys is not null;

    /// <summary>XORs <paramref name="data"/> with the keystream that starts at counter block <paramref name="iv"/>.</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != 16)
        {
            throw new ArgumentException("The counter block must be 16 bytes.", nameof(iv));
        }

        if (_roundKeys is not null)
        {
            ref byte d = ref MemoryMarshal.GetReference(data);
            AesNi.Xor(ref MemoryMarshal.GetArrayDataReference(_roundKeys), _rounds, AesNi.ToWorkingCounter(iv), ref d, ref d, (nuint)data.Length);
        }
        else
        {
            TransformPortable(iv, data);
        }
    }

    public void Dispose()
    {
        if (_roundKeys is not null)
        {
            Array.Clear(_roundKeys);
        }

        _fallback?.Dispose();
    }

    private void TransformPortable(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        Span<byte> counters = _fallbackBuffer.AsSpan(0, FallbackBatchBlocks * 16);
        Span<byte> keystream = _fallbackBuffer.AsSpan(FallbackBatchBlocks * 16, FallbackBatchBlocks * 16);
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(iv[12..]);
        int offset = 0;
        while (offset < data.Length)
        {
            int blocks = Math.Min(FallbackBatchBlocks, (data.Length - offset + 15) / 16);
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> block = counters.Slice(b * 16, 16);
                iv[..12].CopyTo(block);
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], counter++);
            }

            int bytes = blocks * 16;
            _fallback!.EncryptEcb(counters[..bytes], keystream[..bytes], System.Security.Cryptography.PaddingMode.None);
            int n = Math.Min(bytes, data.Length - offset);
            Span<byte> chunk = data.Slice(offset, n);
            for (int i = 0; i < n; i++)
            {
                chunk[i] ^= keystream[i];
            }

            offset += n;
        }
    }
}
