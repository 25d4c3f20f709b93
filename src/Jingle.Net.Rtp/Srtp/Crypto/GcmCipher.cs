using System.Security.Cryptography;

namespace Jingle.Net.Rtp.Srtp.Crypto;

/// <summary>
/// AES-GCM for SRTP: the managed AES-NI/PCLMULQDQ implementation when the CPU has them, else .NET's
/// <see cref="AesGcm"/> (OpenSSL/CNG underneath). In place, 12-byte nonce, 16-byte tag, no allocation per call.
/// </summary>
internal sealed class GcmCipher : IDisposable
{
    private readonly GcmAesNi? _managed;
    private readonly AesGcm? _platform;

    public GcmCipher(ReadOnlySpan<byte> key, bool forcePlatform = false)
    {
        if (!forcePlatform && GcmAesNi.IsSupported)
        {
            _managed = new GcmAesNi(key);
        }
        else
        {
            _platform = new AesGcm(key, GcmAesNi.TagLength);
        }
    }

    public bool UsesAesNi => _managed is not null;

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (_managed is not null)
        {
            _managed.Encrypt(nonce, data, tag, aad);
        }
        else
        {
            _platform!.Encrypt(nonce, data, data, tag, aad);
        }
    }

    /// <summary>False when the tag does not verify (then <paramref name="data"/> is not usable).</summary>
    public bool Decrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (_managed is not null)
        {
            return _managed.Decrypt(nonce, data, tag, aad);
        }

        try
        {
            _platform!.Decrypt(nonce, data, tag, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _managed?.Dispose();
        _platform?.Dispose();
    }
}
