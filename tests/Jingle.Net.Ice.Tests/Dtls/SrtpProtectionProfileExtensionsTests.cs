using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Ice.Tests.Dtls;

public sealed class SrtpProtectionProfileExtensionsTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 16, 14, 60, "SRTP_AES128_CM_HMAC_SHA1_80")]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_32, 16, 14, 60, "SRTP_AES128_CM_HMAC_SHA1_32")]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12, 56, "SRTP_AEAD_AES_128_GCM")]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, 32, 12, 88, "SRTP_AEAD_AES_256_GCM")]
    public void Rfc5764_Rfc7714_Lengths(SrtpProtectionProfile profile, int key, int salt, int total, string name)
    {
        Assert.Equal(key, profile.GetMasterKeyLength());
        Assert.Equal(salt, profile.GetMasterSaltLength());
        Assert.Equal(total, profile.GetKeyingMaterialLength());
        Assert.Equal(name, profile.ToWireString());
        Assert.True(profile.IsSupported());
    }

    [Fact]
    public void None_HasNoLengths() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpProtectionProfile.None.GetKeyingMaterialLength());

    [Fact]
    public void KeyingMaterial_SplitsPerRfc5764Section4_2()
    {
        byte[] material = [.. Enumerable.Range(0, 60).Select(i => (byte)i)];
        using var client = new DtlsSrtpKeyingMaterial(SrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsRole.Client, (byte[])material.Clone());
        using var server = new DtlsSrtpKeyingMaterial(SrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsRole.Server, (byte[])material.Clone());
        Assert.Equal(material[0..16], client.ClientMasterKey.ToArray());
        Assert.Equal(material[16..32], client.ServerMasterKey.ToArray());
        Assert.Equal(material[32..46], client.ClientMasterSalt.ToArray());
        Assert.Equal(material[46..60], client.ServerMasterSalt.ToArray());
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.RemoteMasterSalt.ToArray(), server.LocalMasterSalt.ToArray());
        Assert.DoesNotContain("00", client.ToString(), StringComparison.Ordinal);
        client.Dispose();
        Assert.All(client.Material.ToArray(), b => Assert.Equal(0, b));
        Assert.Throws<ArgumentException>(() => new DtlsSrtpKeyingMaterial(SrtpProtectionProfile.AeadAes128Gcm, DtlsRole.Client, new byte[60]));
    }

    [Fact]
    public void Options_RejectUnsupportedProfiles_AndMissingCertificate()
    {
        Assert.Throws<ArgumentException>(() => new DtlsTransportOptions().Validate());
        using RtcCertificate c = RtcCertificate.Generate();
        Assert.Throws<ArgumentException>(() => new DtlsTransportOptions { Certificate = c, SrtpProfiles = [(SrtpProtectionProfile)5] }.Validate());
        Assert.Throws<ArgumentException>(() => new DtlsTransportOptions { Certificate = c, SrtpProfiles = [], RequireSrtp = true }.Validate());
        new DtlsTransportOptions { Certificate = c }.Validate();
    }
}
