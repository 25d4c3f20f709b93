using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Ice.Tests.Dtls;

public sealed class RtcCertificateFingerprintTests
{
    // RFC 8122 §5 / RFC 4572 §5 example value form.
    private const string Sha1Example = "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB";

    [Fact]
    public void Rfc4572_Sha1Example_Parses()
    {
        RtcCertificateFingerprint f = RtcCertificateFingerprint.Parse(Sha1Example);
        Assert.Equal("sha-1", f.Algorithm);
        Assert.Equal(Convert.FromHexString("4AADB9B13F82183B540212DF3E5D496B19E57CAB"), f.Value.ToArray());
        Assert.Equal(Sha1Example, f.ToString());
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("sha-256")]
    [InlineData("  sha-256  ")]
    public void AlgorithmName_IsCaseInsensitive_AndNormalized(string name)
    {
        string hex = string.Join(':', Enumerable.Range(0, 32).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        RtcCertificateFingerprint f = RtcCertificateFingerprint.Parse(name.Trim() + " " + hex);
        Assert.Equal("sha-256", f.Algorithm);
        Assert.Equal(hex.ToUpperInvariant(), f.FormatValue());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF")]
    [InlineData("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C")]
    [InlineData("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:CD")]
    [InlineData("sha-1 4A-AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB")]
    [InlineData("sha-1 4G:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB")]
    public void Malformed_IsAFormatException(string text)
    {
        Assert.Throws<FormatException>(() => RtcCertificateFingerprint.Parse(text));
        Assert.False(RtcCertificateFingerprint.TryParse(text, out _));
    }

    [Fact]
    public void Matches_RejectsOtherCertificates()
    {
        using RtcCertificate a = RtcCertificate.Generate();
        using RtcCertificate b = RtcCertificate.Generate();
        foreach (string algorithm in new[] { "sha-1", "sha-256", "sha-384", "sha-512" })
        {
            RtcCertificateFingerprint f = RtcCertificateFingerprint.Parse(a.GetFingerprint(algorithm).ToString());
            Assert.True(f.Matches(a.RawData));
            Assert.False(f.Matches(b.RawData));
        }
    }

    [Fact]
    public void UnsupportedAlgorithm_CannotBeComputed() =>
        Assert.Throws<NotSupportedException>(() => RtcCertificateFingerprint.Compute([1, 2, 3], "md5"));

    [Property]
    public bool ParseOfToString_RoundTrips(byte[] der, PositiveInt pick)
    {
        string algorithm = new[] { "sha-1", "sha-256", "sha-384", "sha-512" }[pick.Get % 4];
        RtcCertificateFingerprint f = RtcCertificateFingerprint.Compute(der ?? [], algorithm);
        return RtcCertificateFingerprint.Parse(f.ToString()).Equals(f) && f.Matches(der ?? []);
    }

    [Property]
    public bool ArbitraryText_ParsesOrIsAFormatException(string text)
    {
        try
        {
            _ = RtcCertificateFingerprint.Parse(text ?? string.Empty);
            return true;
        }
        catch (FormatException)
        {
            return true;
        }
    }
}
