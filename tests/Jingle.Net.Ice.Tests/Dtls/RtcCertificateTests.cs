using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Ice.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Ice.Tests.Dtls;

public sealed class RtcCertificateTests
{
    [Fact]
    public void Generate_EcdsaP256_IsSelfSigned_WithKey_AndFast()
    {
        using RtcCertificate warmup = RtcCertificate.Generate();
        var clock = Stopwatch.StartNew();
        using RtcCertificate certificate = RtcCertificate.Generate();
        TimeSpan took = clock.Elapsed;

        Assert.Equal(RtcKeyType.EcdsaP256, certificate.KeyType);
        Assert.True(certificate.Certificate.HasPrivateKey);
        using ECDsa? key = certificate.Certificate.GetECDsaPublicKey();
        Assert.Equal(256, key!.KeySize);
        Assert.Equal(certificate.Certificate.Subject, certificate.Certificate.Issuer);
        Assert.True(took < TimeSpan.FromMilliseconds(200), $"ECDSA P-256 generation took {took}");
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificate.Certificate);
        Assert.True(chain.Build(certificate.Certificate), "the certificate verifies with its own key");
    }

    [Fact]
    public void Generate_Rsa2048_HasA2048BitKey()
    {
        using RtcCertificate certificate = RtcCertificate.Generate(RtcKeyType.Rsa2048);
        using RSA? key = certificate.Certificate.GetRSAPublicKey();
        Assert.Equal(2048, key!.KeySize);
        Assert.True(certificate.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Lifetime_IsConfigurable_OnTheInjectedClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero));
        using RtcCertificate certificate = RtcCertificate.Generate(lifetime: TimeSpan.FromDays(2), time: time);
        Assert.Equal(new DateTimeOffset(2030, 5, 3, 12, 0, 0, TimeSpan.Zero), certificate.Expires);
        Assert.Equal(new DateTimeOffset(2030, 4, 30, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(certificate.Certificate.NotBefore.ToUniversalTime()));
        Assert.False(certificate.IsExpired(time.GetUtcNow()));
        time.Advance(TimeSpan.FromDays(2));
        Assert.True(certificate.IsExpired(time.GetUtcNow()));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtcCertificate.Generate(lifetime: TimeSpan.Zero));
    }

    [Fact]
    public void DefaultLifetime_IsThirtyDays()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using RtcCertificate certificate = RtcCertificate.Generate(time: time);
        Assert.Equal(time.GetUtcNow().AddDays(30), certificate.Expires);
    }

    [Theory]
    [InlineData("sha-1", 20)]
    [InlineData("sha-256", 32)]
    [InlineData("sha-384", 48)]
    [InlineData("sha-512", 64)]
    public void Fingerprint_HashesTheDer(string algorithm, int length)
    {
        using RtcCertificate certificate = RtcCertificate.Generate();
        RtcCertificateFingerprint fingerprint = certificate.GetFingerprint(algorithm);
        Assert.Equal(algorithm, fingerprint.Algorithm);
        Assert.Equal(length, fingerprint.Value.Length);
        byte[] expected = algorithm switch
        {
            "sha-1" => SHA1.HashData(certificate.Certificate.RawData),
            "sha-256" => SHA256.HashData(certificate.Certificate.RawData),
            "sha-384" => SHA384.HashData(certificate.Certificate.RawData),
            _ => SHA512.HashData(certificate.Certificate.RawData),
        };
        Assert.Equal(expected, fingerprint.Value.ToArray());
        Assert.True(fingerprint.Matches(certificate.RawData));
        Assert.Equal(certificate.Certificate.GetCertHashString(HashAlgorithmName.SHA256),
            certificate.GetFingerprint().FormatValue().Replace(":", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void BouncyCastleConversion_KeepsTheCertificateAndKey()
    {
        using RtcCertificate certificate = RtcCertificate.Generate();
        var crypto = new Org.BouncyCastle.Tls.Crypto.Impl.BC.BcTlsCrypto();
        Org.BouncyCastle.Tls.Certificate chain = certificate.GetBouncyCastleCertificate(crypto);
        Assert.Equal(certificate.RawData.ToArray(), chain.GetCertificateAt(0).GetEncoded());
        var key = Assert.IsType<Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters>(certificate.GetBouncyCastlePrivateKey());
        Assert.True(key.IsPrivate);
    }

    [Fact]
    public void FromCertificate_WrapsAnExistingOne()
    {
        using RtcCertificate generated = RtcCertificate.Generate();
        using RtcCertificate wrapped = RtcCertificate.FromCertificate(generated.Certificate);
        Assert.Equal(generated.GetFingerprint(), wrapped.GetFingerprint());
        using var publicOnly = X509CertificateLoader.LoadCertificate(generated.Certificate.RawData);
        Assert.Throws<ArgumentException>(() => RtcCertificate.FromCertificate(publicOnly));
    }
}
