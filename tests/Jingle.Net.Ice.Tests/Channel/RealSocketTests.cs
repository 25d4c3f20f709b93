using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>Two agents on real UDP sockets over 127.0.0.1, on a worker RtcThread with the system clock.</summary>
public sealed class RealSocketTests
{
    [Fact]
    public async Task TwoAgents_OnLoopback_ConnectAndExchangeData()
    {
        await using var worker = new RtcThread("ice-test");
        JingleEnvironment env = JingleEnvironment.CreateDefault() with { NetworkManager = new LoopbackNetworks() };
        var options = new P2PTransportChannelOptions { Worker = worker, Allocator = new PortAllocatorOptions { NetworkFilter = NetworkFilter.WithLoopback } };
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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

        await writable.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(await worker.InvokeAsync(() => a.Send([0x80, 9, 9])));
        byte[] packet = await received.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0x80, 9, 9 }, packet);
        Assert.Equal(CandidateType.Host, (await worker.InvokeAsync(() => a.SelectedPair))!.LocalCandidate.Type);
        await a.DisposeAsync();
        await b.DisposeAsync();
        Assert.Equal(0, await worker.InvokeAsync(() => a.PendingTimers + b.PendingTimers));
    }
}
