using System.Net;

namespace Jingle.Net.Testing;

/// <summary>
/// coturn's <c>turnserver</c> on 127.0.0.1 from a private config in a temp dir (long-term credentials
/// <see cref="User"/>/<see cref="Password"/>, realm <see cref="Realm"/>, relays on 127.0.0.1), stopped by PID on
/// dispose. With <c>tls: true</c> it also listens for TURN over TLS with a private self-signed
/// <see cref="Certificate"/> that clients pin (<see cref="TestCertificate.Pin"/>). Skips (fails under CI) without coturn.
/// </summary>
public sealed class Coturn : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "alice-pass";
    public const string Realm = "jingle.test";

    private readonly ExternalProcess _process;
    private readonly string _directory;

    private Coturn(ExternalProcess process, string directory, int port, int tlsPort, TestCertificate? certificate)
    {
        _process = process;
        _directory = directory;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
        TlsEndPoint = certificate is null ? null : new IPEndPoint(IPAddress.Loopback, tlsPort);
        Certificate = certificate;
    }

    /// <summary>The UDP and TCP listen address.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The TLS listen address when started with <c>tls: true</c>.</summary>
    public IPEndPoint? TlsEndPoint { get; }

    /// <summary>The TLS certificate when started with <c>tls: true</c>.</summary>
    public TestCertificate? Certificate { get; }

    /// <summary>SHA-1 thumbprint of the TLS certificate.</summary>
    public string? CertificateHash => Certificate?.Hash;

    public string Output => _process.Output;

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
        TestCertificate? certificate = null;
        if (tls)
        {
            certificate = TestCertificate.Create();
            (string cert, string key) = certificate.WritePem(directory);
            tlsPort = FreePort.Get();
            config += $"\ntls-listening-port={tlsPort}\ncert={cert}\npkey={key}\n";
        }
        else
        {
            config += "\nno-tls\n";
        }

        string path = Path.Combine(directory, "turnserver.conf");
        await File.WriteAllTextAsync(path, config);
        ExternalProcess process = ExternalProcess.Start(turnserver, ["-c", path], directory);
        var coturn = new Coturn(process, directory, port, tlsPort, certificate);
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
        Certificate?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
