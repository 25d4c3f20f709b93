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
        await using Coturn coturn = await Coturn.StartAsync(tls: transport == TurnTransport.Tls);
        IPEndPoint server = transport == TurnTransport.Tls ? coturn.TlsEndPoint! : coturn.EndPoint;

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
                    new TurnServerConfig(server, Coturn.User, Coturn.Password)
                    {
                        Transport = transport,
                        TlsTargetHost = "localhost",
                        TlsCertificateValidation = coturn.Certificate?.Pin,
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
            Assert.True(coturn.Certificate!.Checks >= 2, "each agent's relay port went through the TLS handshake"); // a and b
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
    }
}
