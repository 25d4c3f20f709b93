using System.Diagnostics;
using System.Net;
using System.Text;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Testing;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// Application data both ways between our fast path and OpenSSL (<c>s_server</c> / <c>s_client</c> over UDP on
/// 127.0.0.1): OpenSSL reads what it sends from a FIFO the test writes once our side is on the fast path, so the
/// record is decrypted by the fast path, not by BouncyCastle during the switch. And a ChaCha20-Poly1305 peer: the
/// fast path stays off and BouncyCastle carries the data.
/// </summary>
[Trait("Category", TestCategories.Interop)]
public sealed class OpenSslDtlsFastPathInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task OurClient_OpenSslServer_DataBothWays_ThroughTheFastPath()
    {
        using var dir = OpenSslTempDir.ForPeer();
        int port = FreePort.Get();
        await using var peer = await OpenSslPeer.StartAsync(dir.Openssl, dir,
            ["s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", dir.Cert, "-key", dir.Key, "-Verify", "1", "-naccept", "1"]);
        await peer.Process.WaitForOutputAsync("ACCEPT", Timeout);

        await using var side = await DtlsUdpSide.CreateAsync(new IPEndPoint(IPAddress.Loopback, port), dir.Ours);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, dir.Theirs.GetFingerprint()));
        await side.WaitForAsync(DtlsTransportState.Connected);
        Assert.True(side.Dtls.IsRecordFastPathActive);

        await ExchangeAsync(side, peer, "server");
        await side.Owner.InvokeAsync(side.Dtls.Close); // the fast path's close_notify: s_server -naccept 1 exits 0
        Assert.Equal(0, await peer.Process.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task OpenSslClient_OurServer_DataBothWays_ThroughTheFastPath()
    {
        using var dir = OpenSslTempDir.ForPeer();
        await using var side = await DtlsUdpSide.CreateAsync(remote: null, dir.Ours);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Server, dir.Theirs.GetFingerprint()));
        await using var peer = await OpenSslPeer.StartAsync(dir.Openssl, dir,
            ["s_client", "-dtls1_2", "-connect", $"127.0.0.1:{side.Udp.LocalEndPoint.Port}", "-cert", dir.Cert, "-key", dir.Key]);
        await side.WaitForAsync(DtlsTransportState.Connected);
        Assert.True(side.Dtls.IsRecordFastPathActive);

        await ExchangeAsync(side, peer, "client");
        await side.Owner.InvokeAsync(side.Dtls.Close);
        await peer.Process.WaitForExitAsync(Timeout);
    }

    [Fact]
    public async Task ChaCha20Poly1305Suite_FallsBackToBouncyCastle_DataBothWays()
    {
        using var dir = OpenSslTempDir.ForPeer();
        int port = FreePort.Get();
        await using var peer = await OpenSslPeer.StartAsync(dir.Openssl, dir,
        [
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", dir.Cert, "-key", dir.Key, "-Verify", "1", "-naccept", "1",
            "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305",
        ]);
        await peer.Process.WaitForOutputAsync("ACCEPT", Timeout);

        await using var side = await DtlsUdpSide.CreateAsync(new IPEndPoint(IPAddress.Loopback, port), dir.Ours);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, dir.Theirs.GetFingerprint()));
        await side.WaitForAsync(DtlsTransportState.Connected);
        Assert.Equal(Org.BouncyCastle.Tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, side.Dtls.CipherSuite);
        Assert.False(side.Dtls.IsRecordFastPathActive);

        await ExchangeAsync(side, peer, "server", expectFastPath: false);
        await side.Owner.InvokeAsync(side.Dtls.Close);
        Assert.Equal(0, await peer.Process.WaitForExitAsync(Timeout));
    }

    private static async Task ExchangeAsync(DtlsUdpSide side, OpenSslPeer peer, string who, bool expectFastPath = true)
    {
        string ourLine = $"hello from jingle to the openssl {who}\n";
        Assert.True(await side.Owner.InvokeAsync(() => side.Dtls.Send(Encoding.ASCII.GetBytes(ourLine))));
        await peer.Process.WaitForOutputAsync(ourLine.TrimEnd(), Timeout);

        string theirLine = $"hello from the openssl {who}\n";
        await peer.WriteLineAsync(theirLine);
        await DtlsTestPair.WaitUntilAsync(() => side.Received.Contains(theirLine), $"'{theirLine.TrimEnd()}' from OpenSSL", Timeout);
        Assert.Equal(expectFastPath ? 1 : 0, side.Dtls.FastPathRecordsReceived);
        Assert.Equal(expectFastPath ? 1 : 0, side.Dtls.FastPathRecordsSent);
        Assert.Equal(0, side.Dtls.AuthenticationFailureCount);
    }

    /// <summary>OpenSSL with its standard input read from a FIFO (so the test decides when it sends).</summary>
    private sealed class OpenSslPeer : IAsyncDisposable
    {
        private readonly FileStream _stdin;

        private OpenSslPeer(ExternalProcess process, FileStream stdin)
        {
            Process = process;
            _stdin = stdin;
        }

        public ExternalProcess Process { get; }

        public static async Task<OpenSslPeer> StartAsync(string openssl, OpenSslTempDir dir, string[] arguments)
        {
            string fifo = Path.Combine(dir.Path, "stdin");
            using (var mkfifo = System.Diagnostics.Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
            {
                await mkfifo.WaitForExitAsync();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            // sh opens the FIFO for reading (blocking until we open it for writing), then becomes openssl (same PID).
            ExternalProcess process = ExternalProcess.Start("/bin/sh", ["-c", "exec \"$@\" < \"$0\"", fifo, openssl, .. arguments], dir.Path);
            FileStream stdin = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write)).WaitAsync(Timeout);
            return new OpenSslPeer(process, stdin);
        }

        public async Task WriteLineAsync(string line)
        {
            await _stdin.WriteAsync(Encoding.ASCII.GetBytes(line));
            await _stdin.FlushAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            await _stdin.DisposeAsync();
        }
    }
}
