using Jingle.Net.Base.Networking;
using Jingle.Net.Configuration;
using Jingle.Net.Testing;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// A <c>turns:</c> URI in RtcConfiguration.IceServers, end to end: Debian coturn with TLS on 127.0.0.1 (a private
/// config and a self-signed certificate that the configuration pins through
/// <see cref="RtcConfiguration.TurnsCertificateValidation"/>), two PeerConnections with the relay policy, so every
/// packet goes over TLS to coturn and through its relay.
/// </summary>
[Trait("Category", TestCategories.Interop)]
public sealed class PeerConnectionTurnsTests
{
    [Fact]
    public async Task TurnsUri_RelayOnly_ThroughCoturnTls_DataChannelEchoes()
    {
        await using Coturn coturn = await Coturn.StartAsync(tls: true);
        var config = new RtcConfiguration
        {
            NetworkFilter = NetworkFilter.WithLoopback,
            IceTransportPolicy = IceTransportPolicy.Relay,
            IceServers = [new IceServer($"turns:localhost:{coturn.TlsEndPoint!.Port}") { Username = Coturn.User, Credential = Coturn.Password }],
            TurnsCertificateValidation = coturn.Certificate!.Pin,
        };
        await using var pair = new PeerPair(configuration: config);
        await RelayedEcho.RunAsync(pair, "turns");

        Assert.True(coturn.Certificate.Checks >= 2, $"{coturn.Certificate.Checks} TLS certificate checks: both connections go through TLS");
    }
}
