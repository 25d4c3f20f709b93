using Jingle.Net.Ice.Dtls;
using Jingle.Net.Rtp.Srtp;
using Jingle.Net.Base.Crypto;
using static Jingle.Net.Rtp.Tests.TestHex;

namespace Jingle.Net.Rtp.Tests.Srtp;

/// <summary>The published vectors: RFC 3711 appendix B.2 and B.3, RFC 7714 §16 and §17.</summary>
public sealed class SrtpTestVectorTests
{
    private static readonly byte[] B2Key = Parse("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] B2Iv = Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    private static readonly byte[] B3MasterKey = Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] B3MasterSalt = Parse("0EC675AD498AFEEBB6960B3AABE6");

    private static readonly byte[] Gcm128Key = Parse("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Gcm256Key = Parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] GcmSalt = Parse("517569642070726f2071756f");

    private static readonly byte[] Rfc7714Rtp = Parse(
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");

    private static readonly byte[] Rfc7714Rtcp = Parse(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

    public static TheoryData<bool> Paths => new() { false, true };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc3711_B2_AesCmKeystream_FirstAndLastBlocks(bool portable)
    {
        using var aes = new AesCounterMode(B2Key, portable);
        Assert.Equal(!portable && System.Runtime.Intrinsics.X86.Aes.IsSupported, aes.UsesAesNi);
        byte[] keystream = new byte[65282 * 16];
        aes.Transform(B2Iv, keystream);

        Assert.Equal(Parse("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), keystream[..48]);
        Assert.Equal(Parse("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"), keystream[^48..]);
    }

    [Fact]
    public void Rfc3711_B2_AesNiAndPortableAgreeOnEveryLength()
    {
        using var fast = new AesCounterMode(Gcm256Key, forcePortable: false);
        using var slow = new AesCounterMode(Gcm256Key, forcePortable: true);
        var random = new Random(7);
        for (int length = 0; length < 300; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            byte[] copy = (byte[])data.Clone();
            byte[] iv = new byte[16];
            random.NextBytes(iv);
            iv[12] = 0xFF; // the 32-bit counter crosses a byte boundary within the packet
            iv[13] = 0xFF;
            iv[14] = 0xFF;
            fast.Transform(iv, data);
            slow.Transform(iv, copy);
            Assert.Equal(copy, data);
        }
    }

    [Fact]
    public void Rfc3711_B3_KeyDerivation_SessionKeys()
    {
        byte[] encryption = new byte[16];
        byte[] salt = new byte[14];
        byte[] auth = new byte[94];
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpEncryption, encryption);
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpSalt, salt);
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpAuthentication, auth);

        Assert.Equal(Parse("C61E7A93744F39EE10734AFE3FF7A087"), encryption);
        Assert.Equal(Parse("30CBBC08863D8C85D49DB34A9AE1"), salt);
        Assert.Equal(Parse(
            "CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098" +
            "6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"), auth);
    }

    [Fact]
    public void Rfc7714_16_1_AeadAes128Gcm_RtpEncrypts()
    {
        using SrtpContext context = GcmContext(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key);
        byte[] buffer = new byte[Rfc7714Rtp.Length + 16];
        Rfc7714Rtp.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, context.ProtectRtp(buffer, Rfc7714Rtp.Length, out int length));
        Assert.Equal(Parse(
            "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833" +
            "899d7f27beb16a9152cf765ee4390cce"), buffer[..length]);
    }

    [Fact]
    public void Rfc7714_16_2_AeadAes128Gcm_RtpDecrypts()
    {
        using SrtpContext context = GcmContext(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key);
        byte[] packet = Parse(
            "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833" +
            "899d7f27beb16a9152cf765ee4390cce");
        Assert.Equal(SrtpStatus.Ok, context.UnprotectRtp(packet, packet.Length, out int length));
        Assert.Equal(Rfc7714Rtp, packet[..length]);
    }

    [Fact]
    public void Rfc7714_16_AeadAes256Gcm_RtpEncryptsAndDecrypts()
    {
        byte[] expected = Parse(
            "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3" +
            "db36dfffd6b0f9bb7878d7a76c13");
        using SrtpContext sender = GcmContext(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key);
        byte[] buffer = new byte[Rfc7714Rtp.Length + 16];
        Rfc7714Rtp.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, Rfc7714Rtp.Length, out int length));
        Assert.Equal(expected, buffer[..length]);

        using SrtpContext receiver = GcmContext(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer, length, out int plain));
        Assert.Equal(Rfc7714Rtp, buffer[..plain]);
    }

    [Fact]
    public void Rfc7714_17_AeadAes128Gcm_RtcpEncrypts()
    {
        using SrtpContext context = GcmContext(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key);
        context.SetNextRtcpIndex(0x4d617273, 0x5d4);
        byte[] buffer = new byte[Rfc7714Rtcp.Length + 20];
        Rfc7714Rtcp.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, context.ProtectRtcp(buffer, Rfc7714Rtcp.Length, out int length));
        Assert.Equal(Parse(
            "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b" +
            "c84aa45896cf4d2fc5abf87245d9eade800005d4"), buffer[..length]);
    }

    [Fact]
    public void Rfc7714_17_AeadAes256Gcm_RtcpDecrypts()
    {
        using SrtpContext context = GcmContext(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key);
        byte[] packet = Parse(
            "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad" +
            "1d1eb30c4446839f57ff6f6cb26ac3be800005d4");
        Assert.Equal(SrtpStatus.Ok, context.UnprotectRtcp(packet, packet.Length, out int length));
        Assert.Equal(Rfc7714Rtcp, packet[..length]);
    }

    private static SrtpContext GcmContext(SrtpProtectionProfile profile, byte[] key)
        => SrtpContext.CreateFromSessionKeys(profile, new SrtpSessionKeys(key, GcmSalt, [], key, GcmSalt, []));
}
