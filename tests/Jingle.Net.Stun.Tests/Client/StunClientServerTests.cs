using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Base;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Framing;
using Jingle.Net.Stun.Server;

namespace Jingle.Net.Stun.Tests.Client;

/// <summary>Our client against our server over real loopback sockets.</summary>
public sealed class StunClientServerTests
{
    private static readonly JingleEnvironment Env = JingleEnvironment.CreateDefault();

    [Theory]
    [InlineData(StunTransport.Udp)]
    [InlineData(StunTransport.Tcp)]
    public async Task Binding_ReturnsTheClientAddress(StunTransport transport)
    {
        await using StunServer server = StunServer.Start(Env, new StunServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) });
        await using StunClient client = await StunClient.CreateAsync(Env, server.LocalEndPoint,
            new StunClientOptions { Transport = transport, LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, TestContext.Current.CancellationToken);
        StunBindingResult result = await client.BindAsync(TestContext.Current.CancellationToken);
        Assert.Equal(client.LocalEndPoint, result.MappedAddress);
        Assert.Equal("Jingle.Net STUN server", result.ServerSoftware);
        Assert.True(server.Core.BindingRequests >= 1);
    }

    [Fact]
    public async Task Rfc5780_DiscoveryOnLoopback_FindsNoNatAndOpenFiltering()
    {
        int port = Jingle.Net.Testing.FreePort.Get();
        await using StunServer server = StunServer.Start(Env, new StunServerOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, port),
            AlternateAddress = IPAddress.Parse("127.0.0.2"),
            AlternatePort = Jingle.Net.Testing.FreePort.Get(),
            EnableTcp = false,
        });
        Assert.Equal(4, server.UdpEndPoints.Count);
        NatBehaviorResult result = await NatBehaviorDiscovery.DiscoverAsync(Env, server.LocalEndPoint,
            new StunClientOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, TestContext.Current.CancellationToken);
        Assert.Equal(NatMappingBehavior.NoNat, result.Mapping);
        Assert.Equal(NatFilteringBehavior.EndpointIndependent, result.Filtering);
        Assert.Equal(server.UdpEndPoints[3], result.OtherAddress);
    }

    [Fact]
    public async Task Binding_ToSilentServer_TimesOut()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new StunClientOptions
        {
            Retransmission = new Jingle.Net.Stun.Transactions.StunRetransmissionOptions { InitialRto = TimeSpan.FromMilliseconds(20), MaxTransmissions = 3, LastWaitMultiplier = 2 },
        };
        await using StunClient client = await StunClient.CreateAsync(Env, (IPEndPoint)silent.LocalEndPoint!, options, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<TimeoutException>(() => client.BindAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, silent.Available > 0 ? CountDatagrams(silent) : 0);
    }

    private static int CountDatagrams(Socket socket)
    {
        int count = 0;
        byte[] buffer = new byte[2048];
        while (socket.Available > 0)
        {
            socket.Receive(buffer);
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Binding_OverTls_ReturnsTheClientAddress()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var core = new StunServerCore([new IPEndPoint(IPAddress.Loopback, 0)]);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task serve = Task.Run(async () =>
        {
            using TcpClient accepted = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            await using var ssl = new SslStream(accepted.GetStream());
            await ssl.AuthenticateAsServerAsync(certificate);
            var framer = new StunStreamFramer();
            byte[] buffer = new byte[4096];
            int read = 0;
            while ((read = await ssl.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
            {
                var replies = new List<byte[]>();
                framer.Feed(buffer.AsSpan(0, read), replies, (r, frame) =>
                {
                    byte[] response = new byte[512];
                    int length = core.Handle(frame, (IPEndPoint)accepted.Client.RemoteEndPoint!, 0, response, out _);
                    r.Add(response[..length]);
                });
                foreach (byte[] reply in replies)
                {
                    await ssl.WriteAsync(reply, TestContext.Current.CancellationToken);
                }
            }
        }, TestContext.Current.CancellationToken);

        var options = new StunClientOptions
        {
            Transport = StunTransport.Tls,
            TlsTargetHost = "localhost",
            TlsCertificateValidation = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.GetCertHashString(),
        };
        await using (StunClient client = await StunClient.CreateAsync(Env, (IPEndPoint)listener.LocalEndpoint, options, TestContext.Current.CancellationToken))
        {
            StunBindingResult result = await client.BindAsync(TestContext.Current.CancellationToken);
            Assert.Equal(client.LocalEndPoint, result.MappedAddress);
        }

        await serve.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(1, core.BindingRequests);
    }
}
