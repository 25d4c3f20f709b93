using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Turn;
using Jingle.Net.Testing;

namespace Jingle.Net.Stun.Tests.Interop;

/// <summary>Our STUN and TURN clients against coturn 4.6 on 127.0.0.1.</summary>
[Trait("Category", TestCategories.Interop)]
public sealed class CoturnInteropTests
{
    private static readonly JingleEnvironment Env = JingleEnvironment.CreateDefault();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static StunClientOptions Local(StunTransport transport) =>
        new() { Transport = transport, LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) };

    [Theory]
    [InlineData(StunTransport.Udp)]
    [InlineData(StunTransport.Tcp)]
    public async Task StunClient_BindsAgainstCoturn(StunTransport transport)
    {
        await using Coturn coturn = await Coturn.StartAsync();
        await using StunClient client = await StunClient.CreateAsync(Env, coturn.EndPoint, Local(transport), Token);
        StunBindingResult result = await client.BindAsync(Token);
        Assert.Equal(client.LocalEndPoint, result.MappedAddress);
        Assert.Contains("Coturn", result.ServerSoftware ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(StunTransport.Udp)]
    [InlineData(StunTransport.Tcp)]
    public async Task TurnClient_AllocatesOnCoturn_AndRelaysBothWays(StunTransport transport)
    {
        await using Coturn coturn = await Coturn.StartAsync();
        await using TurnClient turn = await TurnClient.AllocateAsync(Env, coturn.EndPoint,
            new TurnClientOptions { Username = Coturn.User, Password = Coturn.Password, Connection = Local(transport) }, Token);
        Assert.Equal(IPAddress.Loopback, turn.RelayedAddress.Address);
        Assert.NotEqual(0, turn.RelayedAddress.Port);
        Assert.Equal(turn.LocalEndPoint, turn.MappedAddress);
        Assert.True(turn.Lifetime > TimeSpan.Zero);

        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        var received = System.Threading.Channels.Channel.CreateUnbounded<(byte[] Data, IPEndPoint From)>();
        turn.DataReceived += (data, from) => received.Writer.TryWrite((data.ToArray(), from));

        // Send indications / Data indications.
        await turn.CreatePermissionAsync(peerEndPoint.Address, Token);
        await AssertRoundTripAsync(turn, peer, peerEndPoint, received.Reader, "via indications"u8.ToArray());

        // ChannelData (padded on TCP).
        ushort channel = await turn.BindChannelAsync(peerEndPoint, Token);
        Assert.True(TurnChannelData.IsValidChannel(channel));
        await AssertRoundTripAsync(turn, peer, peerEndPoint, received.Reader, "odd-length via channel"u8.ToArray());
    }

    private static async Task AssertRoundTripAsync(TurnClient turn, Socket peer, IPEndPoint peerEndPoint,
        System.Threading.Channels.ChannelReader<(byte[] Data, IPEndPoint From)> received, byte[] payload)
    {
        Assert.True(turn.SendToPeer(payload, peerEndPoint));
        byte[] buffer = new byte[2048];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        SocketReceiveFromResult result = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.Equal(payload, buffer[..result.ReceivedBytes]);
        Assert.Equal(turn.RelayedAddress, result.RemoteEndPoint);

        byte[] reply = [.. payload, .. "-reply"u8.ToArray()];
        await peer.SendToAsync(reply, SocketFlags.None, turn.RelayedAddress, timeout.Token);
        (byte[] data, IPEndPoint from) = await received.ReadAsync(timeout.Token);
        Assert.Equal(reply, data);
        Assert.Equal(peerEndPoint, from);
    }

    [Fact]
    public async Task OverTls_StunBindsAndTurnRelays()
    {
        await using Coturn coturn = await Coturn.StartAsync(tls: true);
        StunClientOptions tls = Local(StunTransport.Tls) with
        {
            TlsTargetHost = "localhost",
            TlsCertificateValidation = (_, certificate, _, _) => certificate?.GetCertHashString() == coturn.CertificateHash,
        };
        await using (StunClient client = await StunClient.CreateAsync(Env, coturn.TlsEndPoint!, tls, Token))
        {
            StunBindingResult result = await client.BindAsync(Token);
            Assert.Equal(client.LocalEndPoint, result.MappedAddress);
        }

        await using TurnClient turn = await TurnClient.AllocateAsync(Env, coturn.TlsEndPoint!,
            new TurnClientOptions { Username = Coturn.User, Password = Coturn.Password, Connection = tls }, Token);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        var received = System.Threading.Channels.Channel.CreateUnbounded<(byte[] Data, IPEndPoint From)>();
        turn.DataReceived += (data, from) => received.Writer.TryWrite((data.ToArray(), from));
        await turn.BindChannelAsync(peerEndPoint, Token);
        await AssertRoundTripAsync(turn, peer, peerEndPoint, received.Reader, "over tls"u8.ToArray());
    }

    [Fact]
    public async Task TurnClient_WrongPassword_Is401AndNoAllocation()
    {
        await using Coturn coturn = await Coturn.StartAsync();
        TurnException error = await Assert.ThrowsAsync<TurnException>(() => TurnClient.AllocateAsync(Env, coturn.EndPoint,
            new TurnClientOptions { Username = Coturn.User, Password = "wrong", Connection = Local(StunTransport.Udp) }, Token));
        Assert.Equal(401, error.Code);
    }

    [Fact]
    public async Task TurnClient_StaleNonce_Is438ThenSucceeds()
    {
        await using Coturn coturn = await Coturn.StartAsync(extraConfig: "stale-nonce=1");
        await using TurnClient turn = await TurnClient.AllocateAsync(Env, coturn.EndPoint,
            new TurnClientOptions { Username = Coturn.User, Password = Coturn.Password, Connection = Local(StunTransport.Udp) }, Token);
        await Task.Delay(TimeSpan.FromSeconds(2.2), Token); // let the nonce go stale
        await turn.CreatePermissionAsync(IPAddress.Loopback, Token); // 438, new nonce, retry
        Assert.Equal(1, turn.StaleNonceRetries);
    }

    [Fact]
    public async Task TurnClient_LoopbackPeerRefusedByDefault_Is403()
    {
        await using Coturn coturn = await Coturn.StartAsync(allowLoopbackPeers: false);
        await using TurnClient turn = await TurnClient.AllocateAsync(Env, coturn.EndPoint,
            new TurnClientOptions { Username = Coturn.User, Password = Coturn.Password, Connection = Local(StunTransport.Udp) }, Token);
        TurnException error = await Assert.ThrowsAsync<TurnException>(() => turn.CreatePermissionAsync(IPAddress.Loopback, Token));
        Assert.Equal(403, error.Code);
    }

    [Fact]
    public async Task TurnClient_RefreshAndDelete_Succeed()
    {
        await using Coturn coturn = await Coturn.StartAsync();
        TurnClient turn = await TurnClient.AllocateAsync(Env, coturn.EndPoint,
            new TurnClientOptions { Username = Coturn.User, Password = Coturn.Password, Connection = Local(StunTransport.Udp) }, Token);
        await turn.RefreshAsync(TimeSpan.FromMinutes(5), Token);
        Assert.True(turn.Lifetime >= TimeSpan.FromMinutes(5)); // coturn may raise a short request to its minimum
        await turn.RefreshAsync(TimeSpan.Zero, Token); // deletes the allocation
        Assert.Equal(TimeSpan.Zero, turn.Lifetime);
        await turn.DisposeAsync();
    }
}
