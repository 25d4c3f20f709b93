using System.Security.Cryptography;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// AES-GCM (NIST SP 800-38D) with 96-bit nonces, shaped like <see cref="AesGcm"/> so call sites swap easily.
/// <see cref="Create"/> returns the managed <see cref="AesGcmIntrinsics"/> (AES-NI + PCLMULQDQ, no P/Invoke, no
/// allocation) when the CPU has them, else <see cref="AesGcmPlatform"/> over .NET's <see cref="AesGcm"/> (ARM64,
/// old x64). Both keep no per-call state, so one instance may encrypt and decrypt from several threads at once.
/// <para>
/// Decryption verifies the tag in constant time; when it fails, the plaintext buffer is zeroed (as
/// <see cref="AesGcm"/> does), so no unauthenticated plaintext is ever left to the caller. Plaintext and
/// ciphertext may be the same memory (in place) but must not otherwise overlap.
/// </para>
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Ice and Jingle.Net.Rtp (STYLE.md).
/// </summary>
internal abstract class AesGcmCipher : IDisposable
{
    /// <summary>The only nonce length accepted: 12 bytes (J0 = nonce || 0x00000001).</summary>
    public const int NonceSize = 12;

    /// <summary>The full GCM tag length.</summary>
    public const int MaxTagSize = 16;

    /// <summary>The shortest tag accepted (as <see cref="AesGcm.TagByteSizes"/>).</summary>
    public const int MinTagSize = 12;

    protected AesGcmCipher(int keyLength, int tagSizeInBytes)
    {
        if (keyLength is not (16 or 24 or 32))
        {
            throw new ArgumentException($"AES key must be 16, 24 or 32 bytes, not {keyLength}.", "key");
        }

        if (tagSizeInBytes is < MinTagSize or > MaxTagSize)
        {
            throw new ArgumentOutOfRangeException(nameof(tagSizeInBytes), tagSizeInBytes, "GCM tags are 12 to 16 bytes.");
        }

        TagSizeInBytes = tagSizeInBytes;
    }

    /// <summary>The tag length every call writes or expects.</summary>
    public int TagSizeInBytes { get; }

    /// <summary>True for the managed AES-NI/PCLMULQDQ implementation, false for the <see cref="AesGcm"/> wrapper.</summary>
    public abstract bool UsesIntrinsics { get; }

    /// <summary>
    /// The fastest implementation this machine has for <paramref name="key"/> (16, 24 or 32 bytes);
    /// <paramref name="forcePlatform"/> picks the <see cref="AesGcm"/> wrapper regardless (tests, benchmarks).
    /// </summary>
    public static AesGcmCipher Create(ReadOnlySpan<byte> key, int tagSizeInBytes = MaxTagSize, bool forcePlatform = false) =>
        !forcePlatform && AesGcmIntrinsics.IsSupported
            ? new AesGcmIntrinsics(key, tagSizeInBytes)
            : new AesGcmPlatform(key, tagSizeInBytes);

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length; may be the same memory)
    /// and writes the tag over <paramref name="associatedData"/> and the ciphertext.
    /// </summary>
    /// <exception cref="ArgumentException">The nonce is not 12 bytes, the lengths differ, the buffers partly overlap
    /// or <paramref name="tag"/> is not <see cref="TagSizeInBytes"/> long.</exception>
    public abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData = default);

    /// <summary>
    /// Authenticates and decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/> (same length; may
    /// be the same memory). False when the tag does not verify; <paramref name="plaintext"/> is then all zeros.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Encrypt"/>.</exception>
    public abstract bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData = default);

    /// <summary>As <see cref="TryDecrypt"/>, throwing when the tag does not verify (as <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>).</summary>
    /// <exception cref="AuthenticationTagMismatchException">The tag does not verify (the plaintext is zeroed).</exception>
    public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData = default)
    {
        if (!TryDecrypt(nonce, ciphertext, tag, plaintext, associatedData))
        {
            throw new AuthenticationTagMismatchException();
        }
    }

    /// <summary>Releases the key material (zeroed).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>The argument checks both implementations share.</summary>
    protected void CheckArguments(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output, int tagLength)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"The nonce must be {NonceSize} bytes, not {nonce.Length}.", nameof(nonce));
        }

        if (output.Length != input.Length)
        {
            throw new ArgumentException("Plaintext and ciphertext must have the same length.", nameof(output));
        }

        if (tagLength != TagSizeInBytes)
        {
            throw new ArgumentException($"The tag must be {TagSizeInBytes} bytes, not {tagLength}.", "tag");
        }

        if (input.Overlaps(output, out int elementOffset) && elementOffset != 0)
        {
            throw new ArgumentException("Plaintext and ciphertext must be the same memory or not overlap.", nameof(output));
        }
    }
}
