using System.Security.Cryptography;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// <see cref="AesGcmCipher"/> over .NET's <see cref="AesGcm"/> (OpenSSL, CNG or Apple CryptoKit underneath): the
/// fallback where AES-NI or PCLMULQDQ is missing, such as ARM64. A failed tag costs an exception inside
/// <see cref="AesGcm"/>, caught here; that only happens to forged or corrupted packets.
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Ice and Jingle.Net.Rtp (STYLE.md).
/// </summary>
internal sealed class AesGcmPlatform : AesGcmCipher
{
    private readonly AesGcm _aesGcm;

    public AesGcmPlatform(ReadOnlySpan<byte> key, int tagSizeInBytes = MaxTagSize)
        : base(key.Length, tagSizeInBytes)
    {
        _aesGcm = new AesGcm(key, tagSizeInBytes);
    }

    public override bool UsesIntrinsics => false;

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData = default)
    {
        CheckArguments(nonce, plaintext, ciphertext, tag.Length);
        _aesGcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData = default)
    {
        CheckArguments(nonce, ciphertext, plaintext, tag.Length);
        try
        {
            _aesGcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext); // AesGcm clears it too; do not depend on that
            return false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aesGcm.Dispose();
        }
    }
}
