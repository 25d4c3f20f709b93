using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;
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
        await using LossySide side = await LossySide.CreateAsync(server, dropOutgoing: d =>
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
        await using LossySide side = await LossySide.CreateAsync(server, dropIncoming: d =>
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
        private readonly TempDir _dir;
        private readonly ExternalProcess _process;

        private OpenSslServer(TempDir dir, ExternalProcess process, RtcCertificate certificate, int port)
        {
            _dir = dir;
            _process = process;
            Certificate = certificate;
            Port = port;
        }

        public RtcCertificate Certificate { get; }

        public int Port { get; }

        public static async Task<OpenSslServer> StartAsync()
        {
            string openssl = Requires.Program("openssl", "Debian package openssl");
            var dir = new TempDir();
            RtcCertificate certificate = RtcCertificate.Generate();
            (string certPath, string keyPath) = dir.WritePem("openssl", certificate);
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

        public async Task ExpectKeysAndDataAsync(LossySide side)
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

    /// <summary>Our DTLS client over real UDP, through a layer that loses what the test says (100 ms initial timer).</summary>
    private sealed class LossySide : IAsyncDisposable, IPacketTransport
    {
        private readonly UdpPacketTransport _udp;
        private readonly Func<byte[], bool>? _dropOutgoing;
        private readonly Func<byte[], bool>? _dropIncoming;
        private readonly RtcCertificate _certificate = RtcCertificate.Generate();
        private long _droppedIncoming;

        private LossySide(RtcThread owner, UdpPacketTransport udp, Func<byte[], bool>? dropOutgoing, Func<byte[], bool>? dropIncoming)
        {
            Owner = owner;
            _udp = udp;
            _dropOutgoing = dropOutgoing;
            _dropIncoming = dropIncoming;
            udp.PacketReceived += (_, packet, ts) =>
            {
                if (_dropIncoming?.Invoke(packet.ToArray()) == true)
                {
                    Interlocked.Increment(ref _droppedIncoming);
                    return;
                }

                PacketReceived?.Invoke(this, packet, ts);
            };
            udp.WritableStateChanged += _ => WritableStateChanged?.Invoke(this);
        }

        public RtcThread Owner { get; }

        public DtlsTransport Dtls { get; private set; } = null!;

        public long DroppedIncoming => Interlocked.Read(ref _droppedIncoming);

        public string TransportName => "lossy-udp";

        public bool IsWritable => _udp.IsWritable;

        public event Action<IPacketTransport>? WritableStateChanged;

        public event TransportPacketHandler? PacketReceived;

        public bool Send(ReadOnlySpan<byte> packet) => _dropOutgoing?.Invoke(packet.ToArray()) == true || _udp.Send(packet);

        public static async Task<LossySide> CreateAsync(OpenSslServer server, Func<byte[], bool>? dropOutgoing = null, Func<byte[], bool>? dropIncoming = null)
        {
            JingleEnvironment env = JingleEnvironment.CreateDefault();
            var owner = new RtcThread("openssl-lossy");
            return await owner.InvokeAsync(() =>
            {
                IUdpSocket socket = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0), new UdpSocketOptions { DeliveryThread = owner });
                var side = new LossySide(owner, new UdpPacketTransport(socket, new IPEndPoint(IPAddress.Loopback, server.Port)), dropOutgoing, dropIncoming);
                side.Dtls = new DtlsTransport(env, side, new DtlsTransportOptions
                {
                    Certificate = side._certificate,
                    OwnerThread = owner,
                    SrtpProfiles = [SrtpProtectionProfile.Aes128CmHmacSha1_80],
                    RequireSrtp = true,
                    InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
                });
                return side;
            });
        }

        public Task WaitForAsync(DtlsTransportState state) => DtlsTestPair.WaitUntilAsync(() => Dtls.State == state,
            $"DTLS {state} (now {Dtls.State} {Dtls.Error}, {Dtls.HandshakeRetransmitCount} retransmissions)", Timeout);

        public async ValueTask DisposeAsync()
        {
            await Owner.InvokeAsync(async () =>
            {
                await Dtls.DisposeAsync();
                await _udp.DisposeAsync();
            });
            await Owner.DisposeAsync();
            _certificate.Dispose();
        }
    }
}
