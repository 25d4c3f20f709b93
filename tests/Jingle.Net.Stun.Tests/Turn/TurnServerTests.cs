using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Jingle.Net.Base;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Turn;
using Jingle.Net.Stun.Turn.Server;
using Jingle.Net.Testing;

namespace Jingle.Net.Stun.Tests.Turn;

/// <summary>Our TURN client against our TURN server over real loopback sockets.</summary>
public sealed class TurnServerTests
{
    private static readonly JingleEnvironment Env = JingleEnvironment.CreateDefault();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static TurnServer StartServer(bool allowLoopback = true, TimeSpan? nonceLifetime = null, int perUser = 10,
        TestCertificate? tls = null, TimeSpan? tlsHandshakeTimeout = null) =>
        TurnServer.Start(Env, new TurnServerOptions
        {
            TlsCertificate = tls?.Certificate,
            TlsListen = new IPEndPoint(IPAddress.Loopback, 0),
            TlsHandshakeTimeout = tlsHandshakeTimeout ?? TimeSpan.FromSeconds(10),
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Realm = "jingle.test",
            Users = new Dictionary<string, string> { ["bob"] = "bob-pass" },
            AllowLoopbackPeers = allowLoopback,
            NonceLifetime = nonceLifetime ?? TimeSpan.FromMinutes(10),
            MaxAllocationsPerUser = perUser,
            MinRelayPort = 0,
            MaxRelayPort = 0,
        });

    private static TurnClientOptions Client(StunTransport transport = StunTransport.Udp, string password = "bob-pass",
        System.Net.Security.RemoteCertificateValidationCallback? tlsValidation = null) => new()
    {
        Username = "bob",
        Password = password,
        Connection = new StunClientOptions
        {
            Transport = transport,
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsTargetHost = "localhost",
            TlsCertificateValidation = tlsValidation,
        },
    };

    /// <summary>TLS (RFC 8656 §3.1): a private self-signed certificate, pinned by the client's validation callback.</summary>
    [Theory]
    [InlineData(StunTransport.Udp)]
    [InlineData(StunTransport.Tcp)]
    [InlineData(StunTransport.Tls)]
    public async Task Allocate_RelaysBothWays_ByIndicationsAndChannels(StunTransport transport)
    {
        using TestCertificate certificate = TestCertificate.Create();
        await using TurnServer server = StartServer(tls: transport == StunTransport.Tls ? certificate : null);
        IPEndPoint serverEndPoint = transport switch
        {
            StunTransport.Udp => server.LocalEndPoint,
            StunTransport.Tcp => server.TcpEndPoint!,
            _ => server.TlsEndPoint!,
        };
        await using TurnClient turn = await TurnClient.AllocateAsync(Env, serverEndPoint, Client(transport, tlsValidation: certificate.Pin), Token);
        Assert.Equal(IPAddress.Loopback, turn.RelayedAddress.Address);
        Assert.Equal(1, server.AllocationCount);

        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        var received = Channel.CreateUnbounded<(byte[], IPEndPoint)>();
        turn.DataReceived += (data, from) => received.Writer.TryWrite((data.ToArray(), from));

        await turn.CreatePermissionAsync(peerEndPoint.Address, Token);
        await RoundTripAsync(turn, peer, peerEndPoint, received.Reader, [1, 2, 3]);
        await turn.BindChannelAsync(peerEndPoint, Token);
        await RoundTripAsync(turn, peer, peerEndPoint, received.Reader, [4, 5, 6, 7, 8]);
        Assert.True(server.Statistics.RelayedToPeers >= 2);
        Assert.True(server.Statistics.RelayedToClients >= 2);
        Assert.Equal(transport == StunTransport.Tls ? 1 : 0, server.Statistics.TlsConnections);
        Assert.Equal(transport == StunTransport.Tls ? 1 : 0, certificate.Checks);
        Assert.Equal(transport == StunTransport.Tls, server.TlsEndPoint is not null);
    }

    [Fact]
    public async Task Tls_WrongPinnedCertificate_FailsHandshake_NoAllocation()
    {
        using TestCertificate served = TestCertificate.Create();
        using TestCertificate pinned = TestCertificate.Create();
        await using TurnServer server = StartServer(tls: served);

        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() =>
            TurnClient.AllocateAsync(Env, server.TlsEndPoint!, Client(StunTransport.Tls, tlsValidation: pinned.Pin), Token));

        Assert.Equal(1, pinned.Checks);
        Assert.Equal(0, server.AllocationCount); // nothing was sent over the rejected connection
        Assert.Equal(0, server.Statistics.AllocationsCreated);
    }

    [Fact]
    public async Task Tls_ClientThatNeverHandshakes_IsClosedAfterTheTimeout()
    {
        using TestCertificate certificate = TestCertificate.Create();
        await using TurnServer server = StartServer(tls: certificate, tlsHandshakeTimeout: TimeSpan.FromMilliseconds(300));
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(server.TlsEndPoint!, Token);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Token);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        int read = await silent.ReceiveAsync(new byte[16], SocketFlags.None, wait.Token); // the server closes: EOF

        Assert.Equal(0, read);
        Assert.Equal(1, server.Statistics.TlsHandshakeFailures);
        Assert.Equal(0, server.Statistics.TlsConnections);
    }

    [Fact]
    public void Tls_CertificateWithoutPrivateKey_IsRefused()
    {
        using TestCertificate certificate = TestCertificate.Create();
        using var publicOnly = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.Certificate.RawData);
        ArgumentException error = Assert.Throws<ArgumentException>(() => TurnServer.Start(Env, new TurnServerOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Users = new Dictionary<string, string> { ["bob"] = "bob-pass" },
            TlsCertificate = publicOnly,
        }));
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
    }

    private static async Task RoundTripAsync(TurnClient turn, Socket peer, IPEndPoint peerEndPoint, ChannelReader<(byte[], IPEndPoint)> received, byte[] payload)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        Assert.True(turn.SendToPeer(payload, peerEndPoint));
        byte[] buffer = new byte[2048];
        SocketReceiveFromResult result = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.Equal(payload, buffer[..result.ReceivedBytes]);
        Assert.Equal(turn.RelayedAddress, result.RemoteEndPoint);
        await peer.SendToAsync(payload.Reverse().ToArray(), SocketFlags.None, turn.RelayedAddress, timeout.Token);
        (byte[] data, IPEndPoint from) = await received.ReadAsync(timeout.Token);
        Assert.Equal(payload.Reverse().ToArray(), data);
        Assert.Equal(peerEndPoint, from);
    }

    [Fact]
    public async Task WrongPassword_Is401AndNoAllocation()
    {
        await using TurnServer server = StartServer();
        TurnException error = await Assert.ThrowsAsync<TurnException>(() => TurnClient.AllocateAsync(Env, server.LocalEndPoint, Client(password: "nope"), Token));
        Assert.Equal(401, error.Code);
        Assert.Equal(0, server.AllocationCount);
        Assert.True(server.Statistics.Unauthenticated >= 2);
    }

    [Fact]
    public async Task StaleNonce_Is438ThenSucceeds()
    {
        await using TurnServer server = StartServer(nonceLifetime: TimeSpan.FromMilliseconds(500));
        await using TurnClient turn = await TurnClient.AllocateAsync(Env, server.LocalEndPoint, Client(), Token);
        await Task.Delay(700, Token);
        await turn.CreatePermissionAsync(IPAddress.Loopback, Token);
        Assert.Equal(1, turn.StaleNonceRetries);
        Assert.Equal(1, server.Statistics.StaleNonces);
    }

    [Fact]
    public async Task LoopbackPeer_RefusedByDefault_Is403()
    {
        await using TurnServer server = StartServer(allowLoopback: false);
        await using TurnClient turn = await TurnClient.AllocateAsync(Env, server.LocalEndPoint, Client(), Token);
        TurnException error = await Assert.ThrowsAsync<TurnException>(() => turn.CreatePermissionAsync(IPAddress.Loopback, Token));
        Assert.Equal(403, error.Code);
        TurnException channel = await Assert.ThrowsAsync<TurnException>(() => turn.BindChannelAsync(new IPEndPoint(IPAddress.Loopback, 9), Token));
        Assert.Equal(403, channel.Code);
        Assert.Equal(2, server.Statistics.ForbiddenPeers);
    }

    [Fact]
    public async Task UnknownComprehensionRequiredAttribute_Is420WithUnknownAttributes()
    {
        await using TurnServer server = StartServer();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] buffer = new byte[1024];

        // First learn the realm and nonce (401), then send an authenticated request with an unknown attribute.
        StunMessage probe = StunMessage.CreateRequest(StunMethod.Allocate, RandomSource.CreateSeeded(11));
        await client.SendToAsync(probe.ToArray(), SocketFlags.None, server.LocalEndPoint, Token);
        int n = await client.ReceiveAsync(buffer, SocketFlags.None, Token);
        StunMessage challenge = StunMessage.Parse(buffer.AsSpan(0, n));
        Assert.Equal(401, challenge.ErrorCode);

        StunMessage request = StunMessage.CreateRequest(StunMethod.Allocate, RandomSource.CreateSeeded(12));
        request.Attributes.Add(new Jingle.Net.Stun.Attributes.RequestedTransportAttribute(17));
        request.Attributes.Add(new Jingle.Net.Stun.Attributes.UnknownAttribute((StunAttributeType)0x7E01, [9]));
        request.Attributes.Add(new Jingle.Net.Stun.Attributes.UsernameAttribute("bob"));
        request.Attributes.Add(new Jingle.Net.Stun.Attributes.RealmAttribute("jingle.test"));
        request.Attributes.Add(challenge.GetAttribute<Jingle.Net.Stun.Attributes.NonceAttribute>()!);
        using var key = StunIntegrityKey.LongTerm("bob", "jingle.test", "bob-pass");
        await client.SendToAsync(request.ToArray(new StunSecurity(key)), SocketFlags.None, server.LocalEndPoint, Token);
        n = await client.ReceiveAsync(buffer, SocketFlags.None, Token);
        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, n), out StunMessageReader reader, out _));
        Assert.True(reader.ValidateMessageIntegrity(key));
        StunMessage response = StunMessage.Parse(buffer.AsSpan(0, n));
        Assert.Equal(420, response.ErrorCode);
        Assert.Equal(new ushort[] { 0x7E01 }, response.GetAttribute<Jingle.Net.Stun.Attributes.UnknownAttributesAttribute>()!.Types);
        Assert.Equal(0, server.AllocationCount);
    }

    [Fact]
    public async Task PerUserQuota_Is486()
    {
        await using TurnServer server = StartServer(perUser: 1);
        await using TurnClient first = await TurnClient.AllocateAsync(Env, server.LocalEndPoint, Client(), Token);
        TurnException error = await Assert.ThrowsAsync<TurnException>(() => TurnClient.AllocateAsync(Env, server.LocalEndPoint, Client(), Token));
        Assert.Equal(486, error.Code);
    }

    [Fact]
    public async Task GarbageTruncatedAndOversized_AreDroppedAndCounted_ServerKeepsServing()
    {
        await using TurnServer server = StartServer();
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] valid = StunMessage.CreateRequest(StunMethod.Allocate, RandomSource.CreateSeeded(1)).ToArray(StunSecurity.FingerprintOnly);
        byte[][] bad =
        [
            [0xFF, 0x00, 0x01],                  // garbage
            valid[..(valid.Length - 4)],          // truncated
            [.. valid, .. new byte[4000]],        // oversized: trailing bytes past the length field
            [0x40, 0x00, 0x10, 0x00, 1, 2],       // ChannelData claiming more than it has
        ];
        foreach (byte[] packet in bad)
        {
            await attacker.SendToAsync(packet, SocketFlags.None, server.LocalEndPoint, Token);
        }

        await using TurnClient turn = await TurnClient.AllocateAsync(Env, server.LocalEndPoint, Client(), Token);
        Assert.Equal(1, server.AllocationCount);
        Assert.Equal(bad.Length, server.Statistics.MalformedPackets);
    }

    [Fact]
    public async Task Dispose_DeletesTheAllocation()
    {
        await using TurnServer server = StartServer();
        TurnClient turn = await TurnClient.AllocateAsync(Env, server.LocalEndPoint, Client(), Token);
        Assert.Equal(1, server.AllocationCount);
        await turn.DisposeAsync();
        Assert.Equal(0, server.AllocationCount);
    }

    [Theory]
    [InlineData("127.0.0.1", false, false, false)]
    [InlineData("127.0.0.1", true, false, true)]
    [InlineData("10.1.2.3", false, false, false)]
    [InlineData("172.20.0.1", false, true, true)]
    [InlineData("192.168.1.1", false, false, false)]
    [InlineData("169.254.1.1", false, false, false)]
    [InlineData("0.1.2.3", true, true, false)]
    [InlineData("224.0.0.1", true, true, false)]
    [InlineData("255.255.255.255", true, true, false)]
    [InlineData("8.8.8.8", false, false, true)]
    [InlineData("::1", false, false, false)]
    [InlineData("fe80::1", false, false, false)]
    [InlineData("fd00::1", false, false, false)]
    [InlineData("ff02::1", true, true, false)]
    [InlineData("2001:db8::1", false, false, true)]
    [InlineData("::ffff:127.0.0.1", false, false, false)]
    public void PeerPolicy(string address, bool allowLoopback, bool allowPrivate, bool allowed) =>
        Assert.Equal(allowed, TurnPeerPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback, allowPrivate));

    [Fact]
    public void UsersFile_Parses()
    {
        Dictionary<string, string> users = TurnServerOptions.ParseUsersFile("# comment\nalice=secret\n\n bob = pa=ss \n");
        Assert.Equal(2, users.Count);
        Assert.Equal("secret", users["alice"]);
        Assert.Equal("pa=ss", users["bob"]);
        Assert.Throws<FormatException>(() => TurnServerOptions.ParseUsersFile("nobody"));
    }
}
