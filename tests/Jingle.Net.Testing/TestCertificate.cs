using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jingle.Net.Testing;

/// <summary>
/// A private self-signed ECDSA P-256 certificate for TLS tests (<c>turns:</c> to coturn or to our TurnServer): the
/// certificate with its key, the PEM files a server reads, and a client validation callback that pins it by hash.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private int _checks;

    private TestCertificate(X509Certificate2 certificate, string keyPem)
    {
        Certificate = certificate;
        KeyPem = keyPem;
        Hash = certificate.GetCertHashString();
    }

    /// <summary>The certificate with its private key (usable as a TLS server certificate).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The SHA-1 hash the pinning callback compares.</summary>
    public string Hash { get; }

    /// <summary>The private key as PKCS#8 PEM.</summary>
    public string KeyPem { get; }

    /// <summary>How often <see cref="Pin"/> was asked (each TLS handshake asks once).</summary>
    public int Checks => Volatile.Read(ref _checks);

    /// <summary>A client callback that accepts exactly this certificate (whatever the chain says) and counts the calls.</summary>
    public RemoteCertificateValidationCallback Pin => (_, presented, _, _) =>
    {
        Interlocked.Increment(ref _checks);
        return presented?.GetCertHashString() == Hash;
    };

    public static TestCertificate Create(string subject = "CN=localhost")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 ephemeral = new CertificateRequest(subject, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the key is usable by SslStream as a server on every platform.
        X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        return new TestCertificate(certificate, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes <c>cert.pem</c> and <c>key.pem</c> into <paramref name="directory"/>; returns their paths.</summary>
    public (string Certificate, string Key) WritePem(string directory)
    {
        string cert = Path.Combine(directory, "cert.pem"), key = Path.Combine(directory, "key.pem");
        File.WriteAllText(cert, Certificate.ExportCertificatePem());
        File.WriteAllText(key, KeyPem);
        return (cert, key);
    }

    public void Dispose() => Certificate.Dispose();
}
