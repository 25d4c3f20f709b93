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

    public static async Task<Coturn> StartAsync(bool allowLoopbackPeers = true, string? extraConfig = null)
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
        string path = Path.Combine(directory, "turnserver.conf");
        await File.WriteAllTextAsync(path, config);
        ExternalProcess process = ExternalProcess.Start(turnserver, ["-c", path], directory);
        var coturn = new Coturn(process, directory, port);
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
