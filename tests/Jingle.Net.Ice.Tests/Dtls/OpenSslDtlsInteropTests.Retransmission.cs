using System.Net;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Testing;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>Our retransmission timer against OpenSSL: lost datagrams between our client and <c>openssl s_server</c>.</summary>
public sealed partial class OpenSslDtlsInteropTests
{
    [Fact]
    public async Task OurClient_FirstClientHelloLost_RetransmitsAfterTheTimer_OpenSslServerCompletes()
    {
        int lostHellos = 0;
        await using OpenSslServer server = await OpenSslServer.StartAsync();
        await using DtlsUdpSide side = await DtlsUdpSide.CreateAsync(server.EndPoint, requireSrtp: true, dropOutgoing: d =>
            d[0] == 22 && d.Length > 13 && d[13] == 1 && Interlocked.CompareExchange(ref lostHellos, 1, 0) == 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, server.Certificate.GetFingerprint()));
        await side.WaitForAsync(DtlsTransportState.Connected);

        Assert.Equal(1, lostHellos);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(100), $"the first retransmission waits 100 ms (took {clock.Elapsed})");
        Assert.True(side.Dtls.HandshakeRetransmitCount >= 1);
        await server.ExpectKeysAndDataAsync(side);
    }

    [Fact]
    public async Task OurClient_OpenSslsFinalFlightLost_OurTimerMakesOpenSslResendIt()
    {
        // OpenSSL completes with our Finished; its ChangeCipherSpec + Finished are lost once. OpenSSL resends them only
        // when our Finished arrives again with a new (epoch 1) sequence number: a replayed copy would be dropped.
        int dropping = 1;
        await using OpenSslServer server = await OpenSslServer.StartAsync();
        await using DtlsUdpSide side = await DtlsUdpSide.CreateAsync(server.EndPoint, requireSrtp: true, dropIncoming: d =>
        {
            bool finalFlight = d[0] == 20 || (d.Length > 5 && d[0] == 22 && d[4] == 1);
            if (!finalFlight)
            {
                // OpenSSL sends its final flight only once it has our Finished: what follows it may pass.
                return false;
            }

            return Volatile.Read(ref dropping) == 1;
        });
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, server.Certificate.GetFingerprint()));
        await DtlsTestPair.WaitUntilAsync(() => side.DroppedIncoming > 0, "OpenSSL's final flight (lost)", Timeout);
        await Task.Delay(50);
        Volatile.Write(ref dropping, 0);
        await side.WaitForAsync(DtlsTransportState.Connected);

        Assert.True(side.Dtls.HandshakeRetransmitCount >= 1);
        await server.ExpectKeysAndDataAsync(side);
    }

    /// <summary><c>openssl s_server -dtls1_2</c> with use_srtp AES-CM-80 and a keying material export.</summary>
    private sealed class OpenSslServer : IAsyncDisposable
    {
        private readonly OpenSslTempDir _dir;
        private readonly ExternalProcess _process;

        private OpenSslServer(OpenSslTempDir dir, ExternalProcess process, RtcCertificate certificate, int port)
        {
            _dir = dir;
            _process = process;
            Certificate = certificate;
            Port = port;
        }

        public RtcCertificate Certificate { get; }

        public int Port { get; }

        public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

        public static async Task<OpenSslServer> StartAsync()
        {
            string openssl = Requires.Program("openssl", "Debian package openssl");
            var dir = new OpenSslTempDir();
            RtcCertificate certificate = RtcCertificate.Generate();
            (string certPath, string keyPath) = dir.WritePem(certificate);
            int port = FreePort.Get();
            ExternalProcess process = ExternalProcess.Start(openssl,
            [
                "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", certPath, "-key", keyPath,
                "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-keymatexport", DtlsSrtpKeyingMaterial.ExporterLabel,
                "-keymatexportlen", "60", "-Verify", "1", "-naccept", "1",
            ], dir.Path);
            await process.WaitForOutputAsync("ACCEPT", Timeout);
            return new OpenSslServer(dir, process, certificate, port);
        }

        public async Task ExpectKeysAndDataAsync(DtlsUdpSide side)
        {
            await _process.WaitForOutputAsync("Keying material: ", Timeout);
            using DtlsSrtpKeyingMaterial keys = await side.Owner.InvokeAsync(side.Dtls.GetSrtpKeyingMaterial);
            Assert.Equal(ExportedKeyingMaterial(_process.Output), Convert.ToHexString(keys.Material));
            Assert.True(await side.Owner.InvokeAsync(() => side.Dtls.Send("after a loss\n"u8)));
            await _process.WaitForOutputAsync("after a loss", Timeout);
        }

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            Certificate.Dispose();
            _dir.Dispose();
        }
    }
}
