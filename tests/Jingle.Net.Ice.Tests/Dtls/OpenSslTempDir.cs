using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>A temporary directory for an OpenSSL peer's files: its certificate and key as PEM, FIFOs.</summary>
internal sealed class OpenSslTempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("jingle-dtls-").FullName;

    /// <summary>The <c>openssl</c> program (with <see cref="ForPeer"/>; the test skips, or fails under CI, without it).</summary>
    public string Openssl { get; private init; } = "openssl";

    /// <summary>Our certificate (with <see cref="ForPeer"/>).</summary>
    public RtcCertificate Ours { get; private init; } = null!;

    /// <summary>OpenSSL's certificate (with <see cref="ForPeer"/>), written to <see cref="Cert"/> and <see cref="Key"/>.</summary>
    public RtcCertificate Theirs { get; private init; } = null!;

    public string Cert { get; private set; } = string.Empty;

    public string Key { get; private set; } = string.Empty;

    /// <summary>The common arrangement of the OpenSSL tests: the program, both certificates, OpenSSL's PEM files.</summary>
    public static OpenSslTempDir ForPeer()
    {
        string openssl = Jingle.Net.Testing.Requires.Program("openssl", "Debian package openssl");
        var dir = new OpenSslTempDir { Openssl = openssl, Ours = RtcCertificate.Generate(), Theirs = RtcCertificate.Generate() };
        (dir.Cert, dir.Key) = dir.WritePem(dir.Theirs);
        return dir;
    }

    /// <summary>Writes <paramref name="certificate"/> as <c>NAME.crt</c> and its key as <c>NAME.key</c>.</summary>
    public (string Cert, string Key) WritePem(RtcCertificate certificate, string name = "openssl")
    {
        string cert = System.IO.Path.Combine(Path, name + ".crt");
        string key = System.IO.Path.Combine(Path, name + ".key");
        File.WriteAllText(cert, certificate.Certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }

    public void Dispose()
    {
        Ours?.Dispose();
        Theirs?.Dispose();
        Directory.Delete(Path, recursive: true);
    }
}
