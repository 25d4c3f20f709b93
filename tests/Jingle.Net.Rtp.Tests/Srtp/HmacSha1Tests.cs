using System.Security.Cryptography;
using Jingle.Net.Base.Crypto;
using static Jingle.Net.Rtp.Tests.TestHex;

namespace Jingle.Net.Rtp.Tests.Srtp;

public sealed class HmacSha1Tests
{
    public static TheoryData<bool> Paths => new() { false, true };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc2202_TestCases1And6(bool fallback)
    {
        using var hmac1 = new HmacSha1(Enumerable.Repeat((byte)0x0b, 20).ToArray(), fallback);
        byte[] mac = new byte[20];
        hmac1.Compute("Hi "u8, "There"u8, mac);
        Assert.Equal(Parse("b617318655057264e28bc0b6fb378c8ef146be00"), mac);

        // Key longer than the block: hashed first.
        using var hmac6 = new HmacSha1(Enumerable.Repeat((byte)0xaa, 80).ToArray(), fallback);
        hmac6.Compute("Test Using Larger Than Block-Size Key - Hash Key First"u8, default, mac);
        Assert.Equal(Parse("aa4ae5e15272d00e95705637ce8a3b55ed402112"), mac);
    }

    [Fact]
    public void LibCryptoPath_IsUsedOnLinux_AndMatchesDotNetHmac_ForManyLengths()
    {
        var random = new Random(5);
        byte[] key = new byte[20];
        random.NextBytes(key);
        using var hmac = new HmacSha1(key);
        Assert.Equal(OperatingSystem.IsLinux() && LibCryptoSha1.IsAvailable, hmac.UsesLibCrypto);
        for (int length = 0; length < 1500; length += 37)
        {
            byte[] data = new byte[length + 4];
            random.NextBytes(data);
            byte[] mac = new byte[20];
            hmac.Compute(data.AsSpan(0, length), data.AsSpan(length, 4), mac); // state is reset between calls
            Assert.Equal(HMACSHA1.HashData(key, data), mac);
        }
    }
}
