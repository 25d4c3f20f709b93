using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Jingle.Net.Base;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Turn;
using Jingle.Net.Testing;

namespace Jingle.Net.Cli.Tests;

/// <summary>
/// <c>jingle turnserver --tls-cert FILE --tls-key FILE --tls-port N</c> as a child process: a certificate made in the
/// test and written as PEM files (RSA and EC keys, PKCS#8 and traditional), the printed <c>turns:</c> URL, an
/// allocation over TLS by our TurnClient (which pins the certificate) and by coturn's turnutils_uclient, and the
/// one-line errors for bad files.
/// </summary>
public sealed partial class TurnServerTlsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("jingle-turns-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("rsa", "pkcs8")]
    [InlineData("rsa", "traditional")]
    [InlineData("ec", "pkcs8")]
    [InlineData("ec", "traditional")]
    public async Task TlsCertAndKey_PrintsTurnsUrl_OurTurnClientAllocatesOverTls_AndRelays(string keyType, string keyFormat)
    {
        using AsymmetricAlgorithm key = keyType == "rsa" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 certificate = SelfSigned(key);
        (string certFile, string keyFile) = WritePem(certificate, KeyPem(key, keyFormat));

        await using ExternalProcess server = StartServer("--tls-cert", certFile, "--tls-key", keyFile, "--tls-port", "0");
        IPEndPoint turns = await TurnsEndPointAsync(server);
        Assert.Equal(IPAddress.Loopback, turns.Address);
        Assert.NotEqual(0, turns.Port);

        int checks = 0;
        string? presented = null;
        await using TurnClient turn = await TurnClient.AllocateAsync(JingleEnvironment.CreateDefault(), turns, new TurnClientOptions
        {
            Username = "carol",
            Password = "carol-pass",
            Connection = new StunClientOptions
            {
                Transport = StunTransport.Tls,
                LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                TlsTargetHost = "localhost",
                TlsCertificateValidation = (_, cert, _, _) =>
                {
                    Interlocked.Increment(ref checks);
                    presented = cert?.GetCertHashString();
                    return presented == certificate.GetCertHashString();   // pinned: exactly the certificate of the PEM file
                },
            },
        }, Token);

        Assert.Equal(1, checks);
        Assert.Equal(certificate.GetCertHashString(), presented);
        Assert.Equal(IPAddress.Loopback, turn.RelayedAddress.Address);

        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        var received = Channel.CreateUnbounded<byte[]>();
        turn.DataReceived += (data, _) => received.Writer.TryWrite(data.ToArray());
        await turn.CreatePermissionAsync(peerEndPoint.Address, Token);

        Assert.True(turn.SendToPeer([1, 2, 3], peerEndPoint));
        byte[] buffer = new byte[64];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        SocketReceiveFromResult got = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.Equal([1, 2, 3], buffer[..got.ReceivedBytes]);
        Assert.Equal(turn.RelayedAddress, (IPEndPoint)got.RemoteEndPoint);
        await peer.SendToAsync(new byte[] { 9, 8 }, got.RemoteEndPoint, Token);
        Assert.Equal([9, 8], await received.Reader.ReadAsync(timeout.Token));
    }

    /// <summary>coturn's reference client over TLS (<c>-t -S</c>) through the CLI server to an in-test UDP echo peer.</summary>
    [Fact]
    [Trait("Category", TestCategories.Interop)]
    public async Task TurnutilsUclient_OverTls_RelaysThroughTheCliServer_WithNoLoss()
    {
        string uclient = Requires.Program("turnutils_uclient", "Debian package coturn");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 certificate = SelfSigned(key);
        (string certFile, string keyFile) = WritePem(certificate, key.ExportECPrivateKeyPem());
        await using ExternalProcess server = StartServer("--tls-cert", certFile, "--tls-key", keyFile, "--tls-port", "0");
        IPEndPoint turns = await TurnsEndPointAsync(server);

        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stopEcho = CancellationTokenSource.CreateLinkedTokenSource(Token);
        Task echo = EchoAsync(peer, stopEcho.Token);

        await using ExternalProcess client = ExternalProcess.Start("timeout",
        [
            "40", uclient, "-t", "-S", "-E", certFile, "-e", "127.0.0.1", "-r", ((IPEndPoint)peer.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture),
            "-u", "carol", "-w", "carol-pass", "-p", turns.Port.ToString(CultureInfo.InvariantCulture), "-n", "30", "-m", "2", "-l", "170", "-c", "127.0.0.1",
        ]);
        int exit = await client.WaitForExitAsync(Timeout);
        string output = client.Output;
        await stopEcho.CancelAsync();
        await echo;

        Assert.True(exit == 0, output);
        Assert.Contains("tls_connect: client session connected", output, StringComparison.Ordinal);
        Match lost = LostPackets().Match(output);
        Assert.True(lost.Success, output);
        Assert.Equal("0", lost.Groups[1].Value);
        Match totals = Totals().Match(output);
        Assert.True(totals.Success, output);
        Assert.Equal("60", totals.Groups[1].Value);   // 2 clients x 30 messages, every one echoed back
        Assert.Equal("60", totals.Groups[2].Value);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "missing-cert", "certificate file {cert} does not exist" },
        { "missing-key", "key file {key} does not exist" },
        { "cert-not-pem", "{cert} holds no PEM certificate" },
        { "key-is-a-certificate", "{key} holds no PEM private key" },
        { "key-encrypted", "{key} holds an encrypted key" },
        { "key-of-another-type", "{key} is not an EC private key, but the certificate in {cert} has an EC key" },
        { "key-of-another-certificate", "the key in {key} does not match the certificate in {cert}" },
        { "key-without-cert", "TLS needs both --tls-cert FILE and --tls-key FILE" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task BadTlsFiles_ExitCode1_OneLineError_NoStackTrace_NothingListens(string problem, string expected)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 certificate = SelfSigned(key);
        (string certFile, string keyFile) = WritePem(certificate, key.ExportPkcs8PrivateKeyPem());
        using var rsa = RSA.Create(2048);
        using var otherEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        switch (problem)
        {
            case "missing-cert": File.Delete(certFile); break;
            case "missing-key": File.Delete(keyFile); break;
            case "cert-not-pem": File.WriteAllBytes(certFile, certificate.RawData); break;   // DER, not PEM
            case "key-is-a-certificate": File.Copy(certFile, keyFile, overwrite: true); break;
            case "key-encrypted":
                File.WriteAllText(keyFile, key.ExportEncryptedPkcs8PrivateKeyPem("secret",
                    new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000)));
                break;
            case "key-of-another-type": File.WriteAllText(keyFile, rsa.ExportRSAPrivateKeyPem()); break;
            case "key-of-another-certificate": File.WriteAllText(keyFile, otherEc.ExportPkcs8PrivateKeyPem()); break;
        }

        string[] tls = problem == "key-without-cert" ? ["--tls-key", keyFile] : ["--tls-cert", certFile, "--tls-key", keyFile];
        await using ExternalProcess server = StartServer(tls);
        int exit = await server.WaitForExitAsync(Timeout);
        string output = server.Output;

        Assert.True(exit == 1, $"exit {exit}:\n{output}");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string line = Assert.Single(lines);
        Assert.StartsWith("turnserver: " + expected.Replace("{cert}", certFile, StringComparison.Ordinal).Replace("{key}", keyFile, StringComparison.Ordinal),
            line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("turn server on", output, StringComparison.Ordinal);
    }

    private ExternalProcess StartServer(params string[] tls) =>
        JingleCli.Start(["turnserver", "--listen", $"127.0.0.1:{FreePort.Get()}", "--realm", "jingle.test", "--user", "carol:carol-pass",
            "--allow-loopback-peers", "--min-port", "0", "--max-port", "0", .. tls]);

    private static async Task<IPEndPoint> TurnsEndPointAsync(ExternalProcess server)
    {
        await server.WaitForOutputAsync("Ctrl+C to stop", Timeout);
        Match url = TurnsUrl().Match(server.Output);
        Assert.True(url.Success, server.Output);
        return IPEndPoint.Parse(url.Groups[1].Value);
    }

    private static X509Certificate2 SelfSigned(AsymmetricAlgorithm key)
    {
        CertificateRequest request = key is RSA rsa
            ? new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=localhost", (ECDsa)key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static string KeyPem(AsymmetricAlgorithm key, string format) => (key, format) switch
    {
        (_, "pkcs8") => key.ExportPkcs8PrivateKeyPem(),
        (RSA rsa, _) => rsa.ExportRSAPrivateKeyPem(),      // -----BEGIN RSA PRIVATE KEY-----
        (ECDsa ec, _) => ec.ExportECPrivateKeyPem(),       // -----BEGIN EC PRIVATE KEY-----
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private (string Certificate, string Key) WritePem(X509Certificate2 certificate, string keyPem)
    {
        string cert = Path.Combine(_directory, "cert.pem"), key = Path.Combine(_directory, "key.pem");
        File.WriteAllText(cert, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(key, keyPem + "\n");
        return (cert, key);
    }

    private static async Task EchoAsync(Socket socket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[2048];
        try
        {
            while (true)
            {
                SocketReceiveFromResult r = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
                await socket.SendToAsync(buffer.AsMemory(0, r.ReceivedBytes), r.RemoteEndPoint, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [GeneratedRegex(@"^turns:(\S+)\?transport=tcp ", RegexOptions.Multiline)]
    private static partial Regex TurnsUrl();

    [GeneratedRegex(@"Total lost packets (\d+)")]
    private static partial Regex LostPackets();

    [GeneratedRegex(@"start_mclient: tot_send_msgs=(\d+), tot_recv_msgs=(\d+)")]
    private static partial Regex Totals();
}
