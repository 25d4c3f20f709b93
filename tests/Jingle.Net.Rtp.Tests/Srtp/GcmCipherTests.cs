using System.Security.Cryptography;
using Jingle.Net.Rtp.Srtp.Crypto;

namespace Jingle.Net.Rtp.Tests.Srtp;

/// <summary>The managed AES-NI/PCLMULQDQ GCM against .NET's AesGcm (OpenSSL) on every length and alignment.</summary>
public sealed class GcmCipherTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void ManagedGcm_MatchesPlatformAesGcm_ForAllLengths(int keyLength)
    {
        Assert.SkipUnless(GcmAesNi.IsSupported, "needs AES-NI and PCLMULQDQ");
        var random = new Random(keyLength);
        byte[] key = new byte[keyLength];
        random.NextBytes(key);
        using var managed = new GcmCipher(key);
        using var platform = new AesGcm(key, 16);
        Assert.True(managed.UsesAesNi);
        foreach (int aadLength in new[] { 0, 12, 13, 16, 28, 64, 100 })
        {
            for (int length = 0; length < 300; length += 1 + (length / 16))
            {
                byte[] nonce = new byte[12];
                byte[] aad = new byte[aadLength];
                byte[] data = new byte[length];
                random.NextBytes(nonce);
                random.NextBytes(aad);
                random.NextBytes(data);
                byte[] expected = new byte[length];
                byte[] expectedTag = new byte[16];
                platform.Encrypt(nonce, data, expected, expectedTag, aad);

                byte[] actual = (byte[])data.Clone();
                byte[] tag = new byte[16];
                managed.Encrypt(nonce, actual, tag, aad);
                Assert.Equal(expected, actual);
                Assert.Equal(expectedTag, tag);

                Assert.True(managed.Decrypt(nonce, actual, tag, aad));
                Assert.Equal(data, actual);
            }
        }
    }

    [Fact]
    public void ManagedGcm_TamperedTagOrAad_FailsAndLeavesCiphertext()
    {
        Assert.SkipUnless(GcmAesNi.IsSupported, "needs AES-NI and PCLMULQDQ");
        using var gcm = new GcmCipher(new byte[16]);
        byte[] nonce = new byte[12];
        byte[] aad = [1, 2, 3];
        byte[] data = new byte[100];
        byte[] tag = new byte[16];
        gcm.Encrypt(nonce, data, tag, aad);
        byte[] ciphertext = (byte[])data.Clone();
        tag[15] ^= 1;
        Assert.False(gcm.Decrypt(nonce, data, tag, aad));
        Assert.Equal(ciphertext, data); // not decrypted before the tag verified
        tag[15] ^= 1;
        aad[0] ^= 1;
        Assert.False(gcm.Decrypt(nonce, data, tag, aad));
    }

    [Fact]
    public void PlatformFallback_RoundTrips()
    {
        using var gcm = new GcmCipher(new byte[32], forcePlatform: true);
        Assert.False(gcm.UsesAesNi);
        byte[] nonce = new byte[12];
        byte[] data = [1, 2, 3, 4, 5];
        byte[] tag = new byte[16];
        gcm.Encrypt(nonce, data, tag, []);
        Assert.True(gcm.Decrypt(nonce, data, tag, []));
        Assert.Equal([1, 2, 3, 4, 5], data);
        tag[0] ^= 1;
        Assert.False(gcm.Decrypt(nonce, data, tag, []));
    }
}
