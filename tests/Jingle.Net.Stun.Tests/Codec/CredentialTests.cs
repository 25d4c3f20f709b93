using System.Text;
using Jingle.Net.Base;
using Jingle.Net.Stun.Credentials;

namespace Jingle.Net.Stun.Tests.Codec;

public sealed class CredentialTests
{
    [Fact]
    public void LongTermKey_Md5_MatchesRfc8489Definition()
    {
        byte[] key = StunCredentials.ComputeLongTermKey("user", "realm", "pass");
#pragma warning disable CA5351
        Assert.Equal(System.Security.Cryptography.MD5.HashData("user:realm:pass"u8.ToArray()), key);
#pragma warning restore CA5351
    }

    [Fact]
    public void LongTermKey_Sha256_IsThirtyTwoBytes()
    {
        byte[] key = StunCredentials.ComputeLongTermKey("user", "realm", "pass", PasswordAlgorithm.Sha256);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("user:realm:pass"u8.ToArray()), key);
    }

    [Fact]
    public void Saslprep_MapsAndNormalizes()
    {
        Assert.Equal("TheMatrIX", Saslprep.Prepare("The\u00ADM\u00AAtr\u2168"));
        Assert.Equal("a b", Saslprep.Prepare("a\u00A0b"));
        Assert.Throws<ArgumentException>(() => Saslprep.Prepare("a\u0007b"));
    }

    [Fact]
    public void OpaqueString_NormalizesAndRefusesIgnorables()
    {
        Assert.Equal("e\u0301".Normalize(NormalizationForm.FormC), OpaqueString.Prepare("e\u0301"));
        Assert.Equal("a b", OpaqueString.Prepare("a\u2003b"));
        Assert.Equal("Ⅸ", OpaqueString.Prepare("Ⅸ")); // no compatibility mapping, unlike SASLprep
        Assert.Throws<ArgumentException>(() => OpaqueString.Prepare("The\u00ADM"));
        Assert.Throws<ArgumentException>(() => OpaqueString.Prepare("a\u0001"));
    }

    [Fact]
    public void UserHash_IsSha256OfUsernameAndRealm()
    {
        byte[] hash = StunCredentials.ComputeUserHash("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org");
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org")), hash);
    }

    [Fact]
    public void IntegritySha256_TruncatedValue_Validates()
    {
        // RFC 8489 §14.6 allows truncation to 16..32 bytes; build a 16-byte one by hand.
        using var key = new StunIntegrityKey("key"u8);
        byte[] full = new StunMessage(StunMessageType.BindingRequest, StunTransactionId.CreateRandom(RandomSource.CreateSeeded(9)))
            .ToArray(new StunSecurity(key, Sha1: false, Sha256: true));
        byte[] truncated = full[..^16];
        truncated[3] -= 16;
        truncated[22] = 0;
        truncated[23] = 16;
        Assert.True(StunMessageReader.TryParse(full, out StunMessageReader reader, out _));
        Assert.True(reader.ValidateMessageIntegritySha256(key));

        // The HMAC of the truncated form is over a different length field, so recompute it the RFC's way.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(truncated.AsSpan(2), 20);
        byte[] mac = System.Security.Cryptography.HMACSHA256.HashData("key"u8.ToArray(), truncated.AsSpan(0, 20).ToArray());
        mac.AsSpan(0, 16).CopyTo(truncated.AsSpan(24));
        Assert.True(StunMessageReader.TryParse(truncated, out StunMessageReader shortReader, out _));
        Assert.True(shortReader.ValidateMessageIntegritySha256(key));
        truncated[30] ^= 1;
        Assert.True(StunMessageReader.TryParse(truncated, out StunMessageReader badReader, out _));
        Assert.False(badReader.ValidateMessageIntegritySha256(key));
    }
}
