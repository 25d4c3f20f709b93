using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// AES-GCM (NIST SP 800-38D) in managed code on AES-NI and PCLMULQDQ. Per key it expands the round keys and
/// precomputes H = E(K, 0^128) and its powers H^2 … H^8; per call it runs one pass over the data that, for each
/// 128 bytes, encrypts eight counter blocks interleaved (<see cref="AesNi.Xor8"/>) and folds the eight ciphertext
/// blocks into GHASH with one reduction (<see cref="Ghash.Absorb8"/>). The two are independent, so the CPU overlaps
/// one step's carry-less multiplications with the next step's AES rounds. A call makes no P/Invoke, allocates
/// nothing and keeps its state on the stack, which is what beats a per-call OpenSSL EVP context at packet sizes.
/// <para>
/// Decryption hashes each ciphertext block before it is overwritten (so exact in-place works), decrypts, and
/// compares tags with <see cref="CryptographicOperations.FixedTimeEquals"/>; on a mismatch it zeroes the plaintext
/// buffer before returning false. <see cref="AesGcmCipher.Dispose()"/> zeroes the round keys and the H powers.
/// </para>
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Ice and Jingle.Net.Rtp (STYLE.md).
/// </summary>
[SkipLocalsInit]
internal sealed class AesGcmIntrinsics : AesGcmCipher
{
    private readonly Vector128<byte>[] _roundKeys;
    private readonly Vector128<byte>[] _hPowers = new Vector128<byte>[Ghash.PowerCount];
    private readonly int _rounds;
    private bool _disposed;

    /// <exception cref="PlatformNotSupportedException">The CPU lacks AES-NI, PCLMULQDQ or SSSE3 (<see cref="IsSupported"/>).</exception>
    public AesGcmIntrinsics(ReadOnlySpan<byte> key, int tagSizeInBytes = MaxTagSize)
        : base(key.Length, tagSizeInBytes)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI, PCLMULQDQ and SSSE3 are required.");
        }

        _roundKeys = AesNi.ExpandKey(key, out _rounds);
        Vector128<byte> h = AesNi.Encrypt1(Vector128<byte>.Zero, ref MemoryMarshal.GetArrayDataReference(_roundKeys), _rounds);
        Ghash.ComputePowers(h, _hPowers);
    }

    /// <summary>True when this CPU runs the implementation: AES-NI, PCLMULQDQ, SSE2 and SSSE3.</summary>
    public static bool IsSupported => AesNi.IsSupported && Ghash.IsSupported;

    public override bool UsesIntrinsics => true;

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData = default)
    {
        CheckArguments(nonce, plaintext, ciphertext, tag.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ref Vector128<byte> rk = ref MemoryMarshal.GetArrayDataReference(_roundKeys);
        ref Vector128<byte> hp = ref MemoryMarshal.GetArrayDataReference(_hPowers);
        Vector128<uint> j0 = LoadJ0(nonce);
        Vector128<byte> encryptedJ0 = AesNi.EncryptCounter(j0, ref rk, _rounds);
        Vector128<byte> y = Ghash.Absorb(Vector128<byte>.Zero, associatedData, ref hp);

        ref byte source = ref MemoryMarshal.GetReference(plaintext);
        ref byte destination = ref MemoryMarshal.GetReference(ciphertext);
        Vector128<uint> counter = j0 + Vector128.Create(0u, 0u, 0u, 1u);
        Vector128<uint> eight = Vector128.Create(0u, 0u, 0u, 8u);
        nuint length = (nuint)plaintext.Length;
        nuint offset = 0;
        while (length - offset >= 128)
        {
            AesNi.Xor8(ref rk, _rounds, counter, ref Unsafe.Add(ref source, offset), ref Unsafe.Add(ref destination, offset));
            y = Ghash.Absorb8(y, ref Unsafe.Add(ref destination, offset), ref hp);
            counter += eight;
            offset += 128;
        }

        if (offset < length)
        {
            AesNi.XorTail(ref rk, _rounds, counter, ref Unsafe.Add(ref source, offset), ref Unsafe.Add(ref destination, offset), length - offset);
            y = Ghash.Absorb(y, ciphertext[(int)offset..], ref hp);
        }

        Vector128<byte> fullTag = Ghash.Finish(y, associatedData.Length, plaintext.Length, ref hp) ^ encryptedJ0;
        WriteTag(fullTag, tag);
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData = default)
    {
        CheckArguments(nonce, ciphertext, plaintext, tag.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ref Vector128<byte> rk = ref MemoryMarshal.GetArrayDataReference(_roundKeys);
        ref Vector128<byte> hp = ref MemoryMarshal.GetArrayDataReference(_hPowers);
        Vector128<uint> j0 = LoadJ0(nonce);
        Vector128<byte> encryptedJ0 = AesNi.EncryptCounter(j0, ref rk, _rounds);
        Vector128<byte> y = Ghash.Absorb(Vector128<byte>.Zero, associatedData, ref hp);

        ref byte source = ref MemoryMarshal.GetReference(ciphertext);
        ref byte destination = ref MemoryMarshal.GetReference(plaintext);
        Vector128<uint> counter = j0 + Vector128.Create(0u, 0u, 0u, 1u);
        Vector128<uint> eight = Vector128.Create(0u, 0u, 0u, 8u);
        nuint length = (nuint)ciphertext.Length;
        nuint offset = 0;
        while (length - offset >= 128)
        {
            // Hash first: in place, the decryption overwrites these blocks.
            y = Ghash.Absorb8(y, ref Unsafe.Add(ref source, offset), ref hp);
            AesNi.Xor8(ref rk, _rounds, counter, ref Unsafe.Add(ref source, offset), ref Unsafe.Add(ref destination, offset));
            counter += eight;
            offset += 128;
        }

        if (offset < length)
        {
            y = Ghash.Absorb(y, ciphertext[(int)offset..], ref hp);
            AesNi.XorTail(ref rk, _rounds, counter, ref Unsafe.Add(ref source, offset), ref Unsafe.Add(ref destination, offset), length - offset);
        }

        Vector128<byte> expected = Ghash.Finish(y, associatedData.Length, ciphertext.Length, ref hp) ^ encryptedJ0;
        Span<byte> expectedTag = stackalloc byte[MaxTagSize];
        expected.CopyTo(expectedTag);
        if (CryptographicOperations.FixedTimeEquals(expectedTag[..TagSizeInBytes], tag))
        {
            return true;
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        Array.Clear(_roundKeys);
        Array.Clear(_hPowers);
    }

    /// <summary>J0 = nonce || 0x00000001 (SP 800-38D §7.1 step 2, 96-bit IV), in counter working form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> LoadJ0(ReadOnlySpan<byte> nonce)
    {
        // Lanes 0–2 hold the nonce bytes as they are; lane 3 is the counter as a native integer.
        ulong first = MemoryMarshal.Read<ulong>(nonce);
        uint last = MemoryMarshal.Read<uint>(nonce[8..]);
        return Vector128.Create(first, last | (1UL << 32)).AsUInt32();
    }

    private static void WriteTag(Vector128<byte> fullTag, Span<byte> tag)
    {
        if (tag.Length == MaxTagSize)
        {
            fullTag.CopyTo(tag);
            return;
        }

        Span<byte> full = stackalloc byte[MaxTagSize];
        fullTag.CopyTo(full);
        full[..tag.Length].CopyTo(tag);
    }
}
