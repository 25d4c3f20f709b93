using System.Security.Cryptography;
using FsCheck.Xunit;
using Jingle.Net.Base.Crypto;

namespace Jingle.Net.Stun.Tests.Codec;

public sealed class HmacSha1Tests
{
    [Property(MaxTest = 500)]
    public bool MatchesPlatformHmacSha1(byte[] key, byte[] first, byte[] second)
    {
        byte[] mine = new byte[20];
        new HmacSha1(key).Compute(first, second, mine);
        return mine.AsSpan().SequenceEqual(HMACSHA1.HashData(key, first.Concat(second).ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void BlockBoundaries_MatchPlatform(int length)
    {
        byte[] key = new byte[length % 3 == 0 ? 100 : 16]; // also a key longer than a block
        byte[] data = new byte[length];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(data);
        byte[] mine = new byte[20];
        new HmacSha1(key).Compute(data.AsSpan(0, length / 2), data.AsSpan(length / 2), mine);
        Assert.Equal(HMACSHA1.HashData(key, data), mine);
    }
}
