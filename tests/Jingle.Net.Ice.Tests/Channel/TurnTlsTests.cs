using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;
using Jingle.Net.Testing;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>TURN over TLS (<c>turns:</c>) when the server's certificate is not the one the client trusts.</summary>
public sealed class TurnTlsTests
{
    [Fact]
    public async Task TurnOverTls_CertificateNotTrusted_NoRelayCandidate_GatheringCompletes()
    {
        using TestCertificate served = TestCertificate.Create();
        X509Certificate2 certificate = served.Certificate;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        // Returns the bytes the client sent after the handshake: a trusting client would send its Allocate request.
        Task<int> server = Task.Run(async () =>
        {
            using TcpClient accepted = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            await using var tls = new SslStream(accepted.GetStream());
            try
            {
                // With TLS 1.3 the server may finish before the client rejects the certificate; either way the
                // client closes without sending a TURN request.
                await tls.AuthenticateAsServerAsync(certificate);
                byte[] buffer = new byte[64];
                return await tls.ReadAsync(buffer, TestContext.Current.CancellationToken);
            }
            catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
            {
                return 0;
            }
        }, TestContext.Current.CancellationToken);

        int checks = 0;
        await using var worker = new RtcThread("ice-turns");
        JingleEnvironment env = JingleEnvironment.CreateDefault() with { NetworkManager = new LoopbackNetworks() };
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gathered = new List<IceCandidate>();
        P2PTransportChannel channel = await worker.InvokeAsync(() =>
        {
            var c = new P2PTransportChannel(env, new P2PTransportChannelOptions
            {
                Worker = worker,
                Allocator = new PortAllocatorOptions
                {
                    NetworkFilter = NetworkFilter.WithLoopback,
                    RelayOnly = true,
                    TurnServers =
                    [
                        new TurnServerConfig((IPEndPoint)listener.LocalEndpoint, "alice", "secret")
                        {
                            Transport = TurnTransport.Tls,
                            TlsTargetHost = "localhost",
                            TlsCertificateValidation = (_, _, _, _) =>
                            {
                                Interlocked.Increment(ref checks);
                                return false; // pinned to another certificate
                            },
                        },
                    ],
                },
            });
            c.SetLocalParameters(IceParameters.Create(env.Random));
            c.CandidateGathered += (_, e) => gathered.Add(e.Candidate);
            c.GatheringStateChanged += (_, s) =>
            {
                if (s == IceGatheringState.Complete)
                {
                    complete.TrySetResult();
                }
            };
            c.StartGathering();
            return c;
        });

        await complete.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(1, Volatile.Read(ref checks));
        Assert.Equal(0, await server.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.Empty(await worker.InvokeAsync(() => gathered.ToArray()));
        Assert.False(await worker.InvokeAsync(() => channel.Send([0x80, 1])));
        await channel.DisposeAsync();
    }
}
