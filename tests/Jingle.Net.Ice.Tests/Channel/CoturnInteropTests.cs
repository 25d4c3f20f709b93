using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;
using Jingle.Net.Testing;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>Relay candidates from a real coturn on 127.0.0.1 (private config, stopped by PID).</summary>
[Trait("Category", TestCategories.Interop)]
public sealed class CoturnInteropTests(ITestOutputHelper output)
{
    /// <summary>TCP to the TURN server is what a UDP-blocking network leaves (the relayed side is still UDP).</summary>
    [Theory]
    [InlineData(TurnTransport.Udp)]
    [InlineData(TurnTransport.Tcp)]
    [InlineData(TurnTransport.Tls)]
    public async Task TwoAgents_RelayOnly_ThroughCoturn_Connect(TurnTransport transport)
    {
        string turnserver = Requires.Program("turnserver", "apt-get install coturn");
        string dir = Directory.CreateTempSubdirectory("jingle-coturn-").FullName;
        int port = FreePort.Get();
        int minPort = 40000 + (port % 20000 / 100 * 100 % 20000);
        await File.WriteAllTextAsync(Path.Combine(dir, "turnserver.conf"), $"""
            listening-ip=127.0.0.1
            listening-port={port}
            relay-ip=127.0.0.1
            min-port={minPort}
            max-port={minPort + 99}
            lt-cred-mech
            user=alice:secret
            realm=jingle.test
            fingerprint
            no-cli
            no-tls
            no-dtls
            allow-loopback-peers
            log-file=stdout
            simple-log
            userdb={Path.Combine(dir, "turndb")}
            pidfile={Path.Combine(dir, "turnserver.pid")}
            """, TestContext.Current.CancellationToken);
        int tlsPort = 0;
        string? certificateHash = null;
        int certificateChecks = 0;
        if (transport == TurnTransport.Tls)
        {
            // turns: coturn with a private self-signed certificate, which the client pins by its hash.
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key,
                System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(dir, "cert.pem"), certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
            certificateHash = certificate.GetCertHashString();
            tlsPort = FreePort.Get();
            string conf = Path.Combine(dir, "turnserver.conf");
            string text = (await File.ReadAllTextAsync(conf, TestContext.Current.CancellationToken)).Replace("no-tls\n", string.Empty, StringComparison.Ordinal);
            await File.WriteAllTextAsync(conf, text + $"\ntls-listening-port={tlsPort}\ncert={dir}/cert.pem\npkey={dir}/key.pem\n",
                TestContext.Current.CancellationToken);
        }

        await using ExternalProcess coturn = ExternalProcess.Start(turnserver, ["-c", Path.Combine(dir, "turnserver.conf")], dir);
        await coturn.WaitForOutputAsync("Total General servers", TimeSpan.FromSeconds(10));

        await using var worker = new RtcThread("ice-coturn");
        JingleEnvironment env = JingleEnvironment.CreateDefault() with { NetworkManager = new LoopbackNetworks() };
        var options = new P2PTransportChannelOptions
        {
            Worker = worker,
            Allocator = new PortAllocatorOptions
            {
                NetworkFilter = NetworkFilter.WithLoopback,
                RelayOnly = true,
                TurnServers =
                [
                    new TurnServerConfig(new IPEndPoint(IPAddress.Loopback, transport == TurnTransport.Tls ? tlsPort : port), "alice", "secret")
                    {
                        Transport = transport,
                        TlsTargetHost = "localhost",
                        TlsCertificateValidation = (_, certificate, _, _) =>
                        {
                            Interlocked.Increment(ref certificateChecks);
                            return certificate?.GetCertHashString() == certificateHash;
                        },
                    },
                ],
            },
        };
        var writable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        (P2PTransportChannel a, P2PTransportChannel b) = await worker.InvokeAsync(() =>
        {
            var x = new P2PTransportChannel(env, options with { Role = IceRole.Controlling, TransportName = "a" });
            var y = new P2PTransportChannel(env, options with { Role = IceRole.Controlled, TransportName = "b" });
            IceParameters px = IceParameters.Create(env.Random), py = IceParameters.Create(env.Random);
            x.SetLocalParameters(px);
            y.SetLocalParameters(py);
            x.SetRemoteParameters(py);
            y.SetRemoteParameters(px);
            x.CandidateGathered += (_, e) => y.AddRemoteCandidate(e.Candidate);
            y.CandidateGathered += (_, e) => x.AddRemoteCandidate(e.Candidate);
            y.PacketReceived += (_, packet, _) => received.TrySetResult(packet.ToArray());
            void OnWritable(global::Jingle.Net.Ice.Transport.IPacketTransport _)
            {
                if (x.IsWritable && y.IsWritable)
                {
                    writable.TrySetResult();
                }
            }

            x.WritableStateChanged += OnWritable;
            y.WritableStateChanged += OnWritable;
            x.StartGathering();
            y.StartGathering();
            return (x, y);
        });

        try
        {
            await writable.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail("not connected through coturn: " + coturn.Output[^Math.Min(coturn.Output.Length, 3000)..]);
        }

        Assert.True(await worker.InvokeAsync(() => a.Send([0x80, 4, 2])));
        Assert.Equal(new byte[] { 0x80, 4, 2 }, await received.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        var selected = (await worker.InvokeAsync(() => a.SelectedPair))!;
        output.WriteLine($"{transport}: {selected.Description}");
        Assert.Equal(CandidateType.Relay, selected.LocalCandidate.Type);
        Assert.Equal(CandidateType.Relay, selected.RemoteCandidate.Type);
        Assert.Equal("127.0.0.1", selected.LocalCandidate.Host);
        if (transport == TurnTransport.Tls)
        {
            Assert.True(Volatile.Read(ref certificateChecks) >= 2, "each agent's relay port went through the TLS handshake"); // a and b
        }

        // ChannelBind (RFC 8656 §12) follows the first send to a peer; from then on coturn gets ChannelData.
        Port relayPort = await worker.InvokeAsync(() => a.Ports.Single(p => p is TurnPort or TcpTurnPort));
        Func<int> bound = relayPort switch
        {
            TurnPort udp => () => udp.BoundChannelCount,
            TcpTurnPort tcp => () => tcp.BoundChannelCount,
            _ => () => 0,
        };
        for (int i = 0; i < 100 && await worker.InvokeAsync(bound) == 0; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, await worker.InvokeAsync(bound));
        var second = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await worker.InvokeAsync(() => b.PacketReceived += (_, packet, _) =>
        {
            if (packet.Length == 5)
            {
                second.TrySetResult(packet.ToArray());
            }
        });
        long channelData = relayPort is TurnPort u ? await worker.InvokeAsync(() => u.ChannelDataSent) : 0;
        Assert.True(await worker.InvokeAsync(() => a.Send([0x80, 4, 2, 9, 7])));
        Assert.Equal(new byte[] { 0x80, 4, 2, 9, 7 }, await second.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        if (relayPort is TurnPort udpPort)
        {
            Assert.True(await worker.InvokeAsync(() => udpPort.ChannelDataSent) > channelData);
        }

        await a.DisposeAsync();
        await b.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }
}
