using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The self-signed certificate and key a peer uses for DTLS (libwebrtc's RTCCertificate). WebRTC does not use
/// certificate chains: the peer is authenticated by the fingerprint signaled in SDP (RFC 8122, RFC 8827 §6.5).
/// Generate one per PeerConnection (or reuse it across connections while it is valid).
/// </summary>
public sealed class RtcCertificate : IDisposable
{
    /// <summary>The default lifetime, as in libwebrtc: 30 days.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    private readonly AsymmetricAlgorithm _key;
    private readonly byte[] _der;
    private AsymmetricKeyParameter? _bcPrivateKey;
    private Org.BouncyCastle.Tls.Certificate? _bcCertificate;

    private RtcCertificate(X509Certificate2 certificate, AsymmetricAlgorithm key, RtcKeyType keyType)
    {
        Certificate = certificate;
        _key = key;
        KeyType = keyType;
        _der = certificate.RawData;
    }

    /// <summary>The X.509 certificate (with its private key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The key type.</summary>
    public RtcKeyType KeyType { get; }

    /// <summary>When the certificate stops being valid.</summary>
    public DateTimeOffset Expires => Certificate.NotAfter.ToUniversalTime();

    /// <summary>The DER encoding of the certificate (what the fingerprint hashes).</summary>
    public ReadOnlySpan<byte> RawData => _der;

    /// <summary>
    /// Generates a self-signed certificate: ECDSA P-256 (default) or RSA-2048, valid from one day before now (to
    /// tolerate clock skew, as libwebrtc does) for <paramref name="lifetime"/> (default 30 days) on
    /// <paramref name="time"/>'s clock.
    /// </summary>
    public static RtcCertificate Generate(RtcKeyType keyType = RtcKeyType.EcdsaP256, TimeSpan? lifetime = null,
        TimeProvider? time = null)
    {
        TimeSpan validFor = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validFor, TimeSpan.Zero, nameof(lifetime));
        DateTimeOffset now = (time ?? TimeProvider.System).GetUtcNow();
        var subject = new X500DistinguishedName("CN=WebRTC");
        AsymmetricAlgorithm key;
        CertificateRequest request;
        if (keyType == RtcKeyType.EcdsaP256)
        {
            var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            key = ecdsa;
            request = new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256);
        }
        else
        {
            var rsa = RSA.Create(2048);
            key = rsa;
            request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        Span<byte> serial = stackalloc byte[8];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F; // a positive serial number (RFC 5280 §4.1.2.2)
        using X509Certificate2 publicOnly = request.Create(subject, keyType == RtcKeyType.EcdsaP256
                ? X509SignatureGenerator.CreateForECDsa((ECDsa)key)
                : X509SignatureGenerator.CreateForRSA((RSA)key, RSASignaturePadding.Pkcs1),
            now.AddDays(-1), now + validFor, serial);
        X509Certificate2 certificate = key is ECDsa ec ? publicOnly.CopyWithPrivateKey(ec) : publicOnly.CopyWithPrivateKey((RSA)key);
        return new RtcCertificate(certificate, key, keyType);
    }

    /// <summary>Wraps an existing certificate that has an ECDSA P-256 or RSA private key.</summary>
    public static RtcCertificate FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.GetECDsaPrivateKey() is { } ecdsa)
        {
            return new RtcCertificate(certificate, ecdsa, RtcKeyType.EcdsaP256);
        }

        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            return new RtcCertificate(certificate, rsa, RtcKeyType.Rsa2048);
        }

        throw new ArgumentException("The certificate has no ECDSA or RSA private key.", nameof(certificate));
    }

    /// <summary>The fingerprint of this certificate with <paramref name="algorithm"/> (default sha-256).</summary>
    public RtcCertificateFingerprint GetFingerprint(string algorithm = RtcCertificateFingerprint.Sha256) =>
        RtcCertificateFingerprint.Compute(_der, algorithm);

    /// <summary>True once <paramref name="now"/> is past <see cref="Expires"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => now >= Expires;

    /// <summary>The private key as a BouncyCastle parameter (for the DTLS stack).</summary>
    internal AsymmetricKeyParameter GetBouncyCastlePrivateKey()
    {
        if (_bcPrivateKey is null)
        {
            byte[] pkcs8 = _key switch
            {
                ECDsa ecdsa => ecdsa.ExportPkcs8PrivateKey(),
                RSA rsa => rsa.ExportPkcs8PrivateKey(),
                _ => throw new InvalidOperationException("Unsupported key."),
            };
            try
            {
                _bcPrivateKey = PrivateKeyFactory.CreateKey(pkcs8);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }

        return _bcPrivateKey;
    }

    /// <summary>
    /// The certificate as a BouncyCastle TLS certificate chain of one, parsed once and then shared by every handshake
    /// (BouncyCastle only reads it; the crypto it was first made with is used for nothing but its key type).
    /// </summary>
    internal Org.BouncyCastle.Tls.Certificate GetBouncyCastleCertificate(BcTlsCrypto crypto) =>
        _bcCertificate ??= new([new DtlsTlsCertificate(crypto, _der)]);

    /// <summary>The ECDSA private key (P-256), or null for RSA. Owned by this certificate; callers lock it to sign.</summary>
    internal ECDsa? EcdsaKey => _key as ECDsa;

    /// <summary>The serial number (for logs and tests).</summary>
    public BigInteger SerialNumber => new(Certificate.GetSerialNumber(), isUnsigned: true);

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
