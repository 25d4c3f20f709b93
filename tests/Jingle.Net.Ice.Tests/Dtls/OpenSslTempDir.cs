using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>A temporary directory for an OpenSSL peer's files: its certificate and key as PEM, FIFOs.</summary>
internal sealed class OpenSslTempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("jingle-dtls-").FullName;

    /// <summary>Writes <paramref name="certificate"/> as <c>NAME.crt</c> and its key as <c>NAME.key</c>.</summary>
    public (string Cert, string Key) WritePem(RtcCertificate certificate, string name = "openssl")
    {
        string cert = System.IO.Path.Combine(Path, name + ".crt");
        string key = System.IO.Path.Combine(Path, name + ".key");
        File.WriteAllText(cert, certificate.Certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
