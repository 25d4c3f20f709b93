using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
        string turnserver = Requires.Program("turnserver", "apt-get install coturn");
        string dir = Directory.CreateTempSubdirectory("jingle-pc-turns-").FullName;
        try
        {
            int port = FreePort.Get();
            int tlsPort = FreePort.Get();
            int minPort = 40000 + (port % 200 * 100);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using X509Certificate2 certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(dir, "cert.pem"), certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(dir, "turnserver.conf"), $"""
                listening-ip=127.0.0.1
                listening-port={port}
                tls-listening-port={tlsPort}
                cert={dir}/cert.pem
                pkey={dir}/key.pem
                relay-ip=127.0.0.1
                min-port={minPort}
                max-port={minPort + 99}
                lt-cred-mech
                user=alice:secret
                realm=jingle.test
                fingerprint
                no-cli
                no-dtls
                allow-loopback-peers
                log-file=stdout
                simple-log
                userdb={Path.Combine(dir, "turndb")}
                pidfile={Path.Combine(dir, "turnserver.pid")}
                """, TestContext.Current.CancellationToken);
            await using ExternalProcess coturn = ExternalProcess.Start(turnserver, ["-c", Path.Combine(dir, "turnserver.conf")], dir);
            await coturn.WaitForOutputAsync("Total General servers", TimeSpan.FromSeconds(10));

            string pinned = certificate.GetCertHashString();
            int checks = 0;
            var config = new RtcConfiguration
            {
                NetworkFilter = NetworkFilter.WithLoopback,
                IceTransportPolicy = IceTransportPolicy.Relay,
                IceServers = [new IceServer($"turns:localhost:{tlsPort}") { Username = "alice", Credential = "secret" }],
                TurnsCertificateValidation = (_, presented, _, _) =>
                {
                    Interlocked.Increment(ref checks);
                    return presented?.GetCertHashString() == pinned;
                },
            };
            await using var pair = new PeerPair(configuration: config);
            (RtcDataChannel a, RtcDataChannel b) = await pair.ConnectWithChannelAsync("turns");
            b.MessageReceived += (_, m) => b.Send(m.Data);
            byte[] payload = [.. Enumerable.Range(0, 32 * 1024).Select(i => (byte)(i * 3))];
            Task<List<DataChannelMessageEventArgs>> echoed = PeerConnectionLoopbackTests.Collect(a, 1);
            a.Send(payload);

            Assert.Equal(payload, (await echoed.WaitAsync(PeerPair.Timeout))[0].Data);
            Assert.True(Volatile.Read(ref checks) >= 2, $"{checks} TLS certificate checks: both connections go through TLS");
            foreach (Net.PeerConnection pc in new[] { pair.Offerer, pair.Answerer })
            {
                RtcStatsReport report = await pc.GetStatsAsync();
                RtcStats transport = Assert.Single(report.OfType("transport"));
                RtcStats selected = report[(string)transport["selectedCandidatePairId"]!];
                RtcStats local = report[(string)selected["localCandidateId"]!];
                Assert.Equal("relay", local["candidateType"]);
                Assert.Equal(IPAddress.Loopback.ToString(), local["address"]);
                Assert.All(pc.LocalDescription!.Sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)),
                    l => Assert.Contains(" typ relay", l, StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
