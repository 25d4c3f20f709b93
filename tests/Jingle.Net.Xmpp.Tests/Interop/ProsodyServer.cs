using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Testing;

namespace Jingle.Net.Xmpp.Tests.Interop;

/// <summary>
/// A private Prosody (Debian prosody 0.12) on 127.0.0.1 for a test class: temp dir, self-signed EC certificate
/// for localhost, accounts alice/bob/carol, STARTTLS and direct-TLS ports, stopped by PID on dispose.
/// </summary>
public sealed class ProsodyServer : IAsyncLifetime
{
    private ExternalProcess? _process;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "jingle-prosody-" + Guid.NewGuid().ToString("N")[..8]);

    public int Port { get; private set; }

    public int DirectTlsPort { get; private set; }

    public string CertificatePath => Path.Combine(Directory, "localhost.crt");

    public string ConfigPath => Path.Combine(Directory, "prosody.cfg.lua");

    /// <summary>Null when prosody is missing (the tests then skip, or fail under CI).</summary>
    public string? Unavailable { get; private set; }

    public X509Certificate2Collection TrustAnchors => [X509CertificateLoader.LoadCertificateFromFile(CertificatePath)];

    public async ValueTask InitializeAsync()
    {
        string? prosody = Requires.FindProgram("prosody");
        string? prosodyctl = Requires.FindProgram("prosodyctl");
        string? openssl = Requires.FindProgram("openssl");
        if (prosody is null || prosodyctl is null || openssl is null)
        {
            Unavailable = "needs prosody, prosodyctl and openssl (apt-get install prosody openssl)";
            return;
        }

        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "data"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "certs"));
        Port = FreePort.Get();
        DirectTlsPort = FreePort.Get();
        await RunAsync(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", Path.Combine(Directory, "localhost.key"), "-out", CertificatePath, "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]);
        string key = Path.Combine(Directory, "localhost.key");
        await File.WriteAllTextAsync(ConfigPath, $$"""
            interfaces = { "127.0.0.1" }
            c2s_ports = { {{Port}} }
            c2s_direct_tls_ports = { {{DirectTlsPort}} }
            s2s_ports = { }
            http_ports = { }
            https_ports = { }
            component_ports = { }
            run_as_root = true
            daemonize = false
            pidfile = "{{Directory}}/prosody.pid"
            data_path = "{{Directory}}/data"
            certificates = "{{Directory}}/certs"
            c2s_require_encryption = true
            authentication = "internal_hashed"
            log = { { levels = { min = "info" }, to = "console" } }
            modules_enabled = { "roster", "saslauth", "tls", "disco", "ping", "smacks", "carbons", "blocklist" }
            smacks_hibernation_time = 60
            ssl = { key = "{{key}}", certificate = "{{CertificatePath}}" }
            VirtualHost "localhost"
                ssl = { key = "{{key}}", certificate = "{{CertificatePath}}" }
            """);
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            await RunAsync(prosodyctl, ["--config", ConfigPath, "register", user, "localhost", user + "-pass"]);
        }

        _process = ExternalProcess.Start(prosody, ["-F", "--config", ConfigPath], Directory);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                using (var direct = new TcpClient())
                {
                    await direct.ConnectAsync("127.0.0.1", DirectTlsPort);
                }

                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (InvalidOperationException)
            {
                break;
            }
        }

        if (_process.HasExited)
        {
            throw new InvalidOperationException("prosody exited:\n" + _process.Output);
        }
    }

    public void Require()
    {
        if (Unavailable is not null)
        {
            Requires.Program("prosody", "apt-get install prosody");
        }
    }

    public XmppClientOptions Options(string user, string? password = null, XmppTlsMode tls = XmppTlsMode.StartTls) => new()
    {
        Jid = Jid.Parse($"{user}@localhost"),
        Password = password ?? user + "-pass",
        Host = "127.0.0.1",
        Port = tls == XmppTlsMode.DirectTls ? DirectTlsPort : Port,
        TlsMode = tls,
        TrustedCertificates = TrustAnchors,
        ConnectTimeout = TimeSpan.FromSeconds(20),
    };

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task RunAsync(string program, string[] args)
    {
        await using ExternalProcess p = ExternalProcess.Start(program, args);
        int code = await p.WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({code}):\n{p.Output}");
        }
    }
}
