using System.Net;
using Jingle.Net.Testing;

namespace Jingle.Net.Stun.Tests.Interop;

/// <summary>coturn's <c>turnserver</c> on 127.0.0.1 from a private config in a temp dir, stopped by PID on dispose.</summary>
internal sealed class Coturn : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "alice-pass";
    public const string Realm = "jingle.test";

    private readonly ExternalProcess _process;
    private readonly string _directory;

    private Coturn(ExternalProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    public string Output => _process.Output;

    /// <summary>The TLS port when started with <c>tls: true</c>.</summary>
    public IPEndPoint? TlsEndPoint { get; private set; }

    /// <summary>SHA-1 thumbprint of the self-signed certificate used for TLS.</summary>
    public string? CertificateHash { get; private set; }

    public static async Task<Coturn> StartAsync(bool allowLoopbackPeers = true, string? extraConfig = null, bool tls = false)
    {
        string turnserver = Requires.Program("turnserver", "Debian package coturn");
        string directory = Directory.CreateTempSubdirectory("jingle-coturn-").FullName;
        int port = FreePort.Get();
        int relayBase = 50000 + Random.Shared.Next(0, 10000);
        string config = $"""
            listening-ip=127.0.0.1
            listening-port={port}
            relay-ip=127.0.0.1
            min-port={relayBase}
            max-port={relayBase + 200}
            lt-cred-mech
            user={User}:{Password}
            realm={Realm}
            fingerprint
            no-cli
            no-tls
            no-dtls
            no-multicast-peers
            log-file=stdout
            simple-log
            pidfile={directory}/turnserver.pid
            userdb={directory}/turndb
            {(allowLoopbackPeers ? "allow-loopback-peers" : string.Empty)}
            {extraConfig}
            """;
        int tlsPort = 0;
        string? certificateHash = null;
        if (tls)
        {
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key,
                System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            certificateHash = certificate.GetCertHashString();
            tlsPort = FreePort.Get();
            config = config.Replace("no-tls\n", string.Empty, StringComparison.Ordinal)
                + $"\ntls-listening-port={tlsPort}\ncert={directory}/cert.pem\npkey={directory}/key.pem\n";
        }

        string path = Path.Combine(directory, "turnserver.conf");
        await File.WriteAllTextAsync(path, config);
        ExternalProcess process = ExternalProcess.Start(turnserver, ["-c", path], directory);
        var coturn = new Coturn(process, directory, port)
        {
            TlsEndPoint = tls ? new IPEndPoint(IPAddress.Loopback, tlsPort) : null,
            CertificateHash = certificateHash,
        };
        try
        {
            await process.WaitForOutputAsync("Total General servers", TimeSpan.FromSeconds(15));
            // Listeners come up right after; give the UDP/TCP sockets a moment.
            await Task.Delay(100);
            return coturn;
        }
        catch
        {
            await coturn.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
