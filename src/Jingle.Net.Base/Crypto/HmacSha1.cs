using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) with the key absorbed once into the inner (K ⊕ ipad) and outer (K ⊕ opad) SHA-1 states;
/// each <see cref="Compute"/> starts from copies of them, so a tag costs only the message's blocks plus one outer
/// block. SHA-1 runs in libcrypto (the CPU's SHA extensions) through <see cref="LibCryptoSha1"/>; where that library
/// is missing, in <see cref="ManagedSha1"/>. The precomputed states are read-only after construction and the working
/// state lives on the stack, so one instance may be used from several threads at once. Nothing is allocated per call.
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Stun and Jingle.Net.Rtp (STYLE.md).
/// </summary>
[SkipLocalsInit]
internal sealed unsafe class HmacSha1 : IDisposable
{
    public const int OutputLength = 20;
    private const int BlockSize = ManagedSha1.BlockSize;

    // libcrypto path: inner SHA_CTX then outer SHA_CTX. Managed path: null.
    private readonly byte[]? _contexts;

    // Managed path: inner h0..h4 then outer h0..h4. libcrypto path: null.
    private readonly uint[]? _managed;

    public HmacSha1(ReadOnlySpan<byte> key)
        : this(key, forceFallback: false)
    {
    }

    /// <param name="key">The HMAC key (any length).</param>
    /// <param name="forceFallback">Use the managed SHA-1 even where libcrypto loads (tests, benchmarks).</param>
    internal HmacSha1(ReadOnlySpan<byte> key, bool forceFallback)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        if (key.Length > BlockSize)
        {
            SHA1.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        Span<byte> pad = stackalloc byte[BlockSize];
        bool native = !forceFallback && LibCryptoSha1.IsAvailable;
        if (native)
        {
            _contexts = GC.AllocateUninitializedArray<byte>(2 * LibCryptoSha1.ContextSize, pinned: true);
            _contexts.AsSpan().Clear();
        }
        else
        {
            _managed = new uint[10];
        }

        for (int half = 0; half < 2; half++)
        {
            byte xor = half == 0 ? (byte)0x36 : (byte)0x5C;
            for (int i = 0; i < BlockSize; i++)
            {
                pad[i] = (byte)(block[i] ^ xor);
            }

            if (native)
            {
                fixed (byte* context = &_contexts![half * LibCryptoSha1.ContextSize])
                fixed (byte* p = pad)
                {
                    LibCryptoSha1.Init(context);
                    LibCryptoSha1.UpdateShort(context, p, BlockSize);
                }
            }
            else
            {
                Span<uint> state = _managed.AsSpan(half * 5, 5);
                ManagedSha1.Initialize(state);
                ManagedSha1.Compress(state, pad);
            }
        }

        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>True when SHA-1 runs in libcrypto with our precomputed pad states.</summary>
    public bool UsesLibCrypto => _contexts is not null;

    /// <summary>HMAC(key, <paramref name="message"/> || <paramref name="suffix"/>) into 20 bytes of <paramref name="output"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, ReadOnlySpan<byte> suffix, Span<byte> output)
    {
        if (output.Length < OutputLength)
        {
            throw new ArgumentException("HMAC-SHA1 output is 20 bytes.", nameof(output));
        }

        if (_contexts is null)
        {
            ComputeManaged(message, suffix, output);
            return;
        }

        byte* work = stackalloc byte[LibCryptoSha1.ContextSize];
        byte* inner = stackalloc byte[OutputLength];
        fixed (byte* contexts = _contexts)
        fixed (byte* m = message)
        fixed (byte* s = suffix)
        fixed (byte* o = output)
        {
            LibCryptoSha1.CopyContext(work, contexts);
            if (message.Length <= 1536)
            {
                LibCryptoSha1.UpdateShort(work, m, (nuint)message.Length);
            }
            else
            {
                LibCryptoSha1.Update(work, m, (nuint)message.Length);
            }

            if (suffix.Length > 0)
            {
                LibCryptoSha1.UpdateShort(work, s, (nuint)suffix.Length);
            }

            LibCryptoSha1.Final(inner, work);
            LibCryptoSha1.CopyContext(work, contexts + LibCryptoSha1.ContextSize);
            LibCryptoSha1.UpdateShort(work, inner, OutputLength);
            LibCryptoSha1.Final(o, work);
            NativeMemory.Clear(work, LibCryptoSha1.ContextSize);
        }
    }

    private void ComputeManaged(ReadOnlySpan<byte> message, ReadOnlySpan<byte> suffix, Span<byte> output)
    {
        Span<uint> state = stackalloc uint[5];
        _managed.AsSpan(0, 5).CopyTo(state);
        Span<byte> innerDigest = stackalloc byte[OutputLength];
        ManagedSha1.HashRest(state, message, suffix, BlockSize, innerDigest);
        _managed.AsSpan(5, 5).CopyTo(state);
        ManagedSha1.HashRest(state, innerDigest, default, BlockSize, output);
    }

    /// <summary>Wipes the key-derived states. Not to be called while another thread computes.</summary>
    public void Dispose()
    {
        if (_contexts is not null)
        {
            CryptographicOperations.ZeroMemory(_contexts);
        }

        if (_managed is not null)
        {
            _managed.AsSpan().Clear();
        }
    }
}
